"""The runner: every group of benchmarks, each in a fresh process, then the report.

``python -m benchmarks`` (what ``make bench`` runs) measures every group and writes
``benchmarks/results/results.md`` (the tables), ``results.png`` (the figure) and
``results.json`` (every sample), and copies the tables into README.md between its
benchmark markers. With ``--only``, the other groups' rows of the last run are kept, and the
table says when they were measured. ``--quick`` checks that everything runs, in a few minutes.

Each group runs in its own spawned interpreter: what one group imported (torch's hundreds
of thousands of objects, which every full garbage collection walks) or left behind
(OpenBLAS threads, micrograd's reference cycles) must not slow the next one down.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks import environment, timing
from benchmarks.rows import Row

#: Group name -> the module whose ``measure(plan) -> list[Row]`` produces its rows.
GROUPS = {
    "mlp": "benchmarks.mlp_step",
    "value": "benchmarks.value_engine",
    "gradcheck": "benchmarks.gradient_check",
    "notebooks": "benchmarks.notebooks",
    "grid": "benchmarks.grid",
}
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few short rounds: rough numbers")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(GROUPS),
        default=list(GROUPS),
        help="run only these groups",
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="folder for the results (README: default only)"
    )
    parser.add_argument("--no-readme", action="store_true", help="leave README.md unchanged")
    parser.add_argument(
        "--threads",
        type=int,
        help="threads for numpy's OpenBLAS and for torch alike (default: one per core); "
        "1 is steadier on a machine that others are using",
    )
    parser.add_argument(
        "--keep-blas-env",
        action="store_true",
        help=f"keep {' and '.join(environment.BLAS_OVERRIDES)} if set (they are dropped)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    arguments = parse_arguments(argv)
    if not arguments.keep_blas_env:
        environment.drop_blas_overrides("benchmarks", argv)
    if arguments.threads:
        environment.set_thread_count(arguments.threads)
    # Only now may numpy be imported (by the report and by each group's process).
    from benchmarks import report

    plan = timing.QUICK if arguments.quick else timing.FULL
    described = environment.describe()
    rows, failures = [], 0
    for group in arguments.only:
        print(f"{group}:", flush=True)
        try:
            rows += run_isolated(GROUPS[group], plan)
        except Exception as error:  # report it and go on with the other groups
            traceback.print_exception(error)
            rows.append(Row(group, "the whole group", "", note=f"failed: {error!r}"[:300]))
            failures += 1
    described["load average after"] = environment.load_average()
    loads = [described["load average before"], described["load average after"]]
    arguments.out.mkdir(parents=True, exist_ok=True)
    if set(arguments.only) != set(GROUPS):  # keep the last measurement of the other groups
        described, rows = report.with_earlier_rows(described, rows, arguments.out / "results.json")
    table = report.markdown(
        described, rows, quick=arguments.quick, warning=environment.busy_warning(loads)
    )
    (arguments.out / "results.md").write_text("# Benchmark results\n\n" + table)
    report.write_json(arguments.out / "results.json", described, rows)
    figure = arguments.out / report.FIGURE_NAME
    report.figure(figure, rows)
    print("\n" + table)
    print(f"written: {arguments.out / 'results.md'}, results.json, {report.FIGURE_NAME}")
    if arguments.no_readme or arguments.out.resolve() != RESULTS:
        print("README.md left unchanged")
    else:
        if report.update_readme(ROOT / "README.md", table, figure):
            print("README.md: benchmark section updated")
        else:
            print("README.md has no benchmark markers: left unchanged")
    return 1 if failures else 0


def run_isolated(module: str, plan: timing.Plan) -> list[Row]:
    """``module.measure(plan)`` in a freshly spawned interpreter; its rows."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_measure, module, plan).result()


def _measure(module: str, plan: timing.Plan) -> list[Row]:
    return importlib.import_module(module).measure(plan)
