"""The notebooks: how long each source notebook takes to execute, and what autograding adds.

Each ``solutions/<unit>/<unit>.ipynb`` that exists is executed as ``course execute`` does it
(nbclient, a fresh kernel, outputs written back), in a scratch copy of its folder so that
nothing in the repository changes, kernel start included: that is what a student's "Run
all" and the grader pay. An empty notebook gives the cost of the
kernel alone. Units that are absent, or whose notebook fails, are reported as such.

Autograding rows (seconds per student with 1 and 2 jobs, and what the sandbox costs, on the
course's sample class) come from `benchmarks.grading`, which drives the parallel autograder
(``course autograde --jobs N``, and ``--no-sandbox`` for the cost of the sandbox).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import rows, timing

GROUP = "Notebooks"
ROOT = Path(__file__).resolve().parents[1]
#: The course's units, in order (README.md); each is solutions/<unit>/<unit>.ipynb.
UNITS = (
    "01_perceptron",
    "02_logistic_regression",
    "03_xor_mlp",
    "04_computation_graphs",
    "05_vectorized_backprop",
    "06_universal_approximation",
)
TIMEOUT_SECONDS = 600  # per cell
#: Targets of the autograding rows: overhead above the notebook's own run, speed-up of 2 jobs,
#: seconds per student that the sandbox adds with 1 job.
MAX_OVERHEAD_SECONDS = 1.5
MIN_SPEEDUP = 1.4
MAX_SANDBOX_COST_SECONDS = 0.3
AUTOGRADE_RUNS = 1
#: How the class is graded in each round, in this order: (jobs, sandboxed). 1 job in the
#: sandbox comes between the two runs it is compared with, so that drifting load from
#: elsewhere touches each pair alike.
AUTOGRADE_SETTINGS = ((1, False), (1, True), (2, True))


def measure(plan: timing.Plan) -> list[rows.Row]:
    results = [_timed(plan, "empty notebook (kernel start and stop)", None)]
    for unit in UNITS:
        path = ROOT / "solutions" / unit / f"{unit}.ipynb"
        if path.is_file():
            results.append(_timed(plan, unit, path))
        else:
            results.append(rows.skipped(GROUP, unit, "s", f"absent: no {path.relative_to(ROOT)}"))
    return results + autograde_rows(plan)


def execute(path: Path | None) -> float:
    """Seconds to execute the notebook at ``path`` (an empty one for None) in a scratch copy
    of its folder, as ``course execute`` does; raises nbclient's error when a cell fails."""
    import nbformat

    from course_lib.grading.execute import execute_notebook

    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        if path is None:
            copy = Path(scratch) / "empty.ipynb"
            nbformat.write(nbformat.v4.new_notebook(), copy)
        else:
            copy = Path(shutil.copytree(path.parent, Path(scratch) / path.parent.name)) / path.name
        start = time.perf_counter()
        execute_notebook(copy, timeout=TIMEOUT_SECONDS)
        return time.perf_counter() - start


def _timed(plan: timing.Plan, case: str, path: Path | None) -> rows.Row:
    """Median of ``plan.long_runs`` executions, or a row that says why it failed."""
    print(f"  {GROUP}: {case}", flush=True)
    from nbclient.exceptions import CellExecutionError

    samples = []
    for _ in range(plan.long_runs):
        try:
            samples.append(execute(path))
        except CellExecutionError as error:
            reason = str(error).strip().splitlines()[-1][:120]
            return rows.Row(GROUP, case, "s", note=f"failed: {reason}")
        time.sleep(plan.pause_seconds)
    row = rows.compared(GROUP, case, "s", 1.0, {"ours": samples}, "")
    row.note = f"median of {len(samples)} run(s)"
    return row


def autograde_rows(
    plan: timing.Plan, measure: Callable[[int, bool], dict] | None = None
) -> list[rows.Row]:
    """Seconds per student to autograde the sample class with 1 and with 2 jobs, and what the
    sandbox adds with 1 job.

    Row "1 job" is held to an overhead of at most `MAX_OVERHEAD_SECONDS` per student above
    executing the notebook once on its own; row "2 jobs" to a speed-up of at least
    `MIN_SPEEDUP` over 1 job; row "sandbox cost" (1 job in the sandbox minus 1 job without
    it, with their ratio) to at most `MAX_SANDBOX_COST_SECONDS` per student. Grading the class
    takes a minute or more, so it is graded `AUTOGRADE_RUNS` times in each of
    `AUTOGRADE_SETTINGS`, and not at all by a quick plan.

    Args:
        plan: the pause between runs; a quick plan skips the rows.
        measure: ``measure(jobs, sandboxed)`` grades the class and returns a dict with
            ``seconds_per_student``, ``students``, ``notebook_seconds``,
            ``overhead_per_notebook`` and ``once_per_run_seconds``;
            `benchmarks.grading.measure_autograding` when None.
    """
    from benchmarks.grading import measure_autograding

    measure = measure or measure_autograding
    case = "sample class: autograding"
    if plan.quick:
        return [
            rows.skipped(GROUP, f"{case}, 1 and 2 jobs, sandbox cost", "s", "too long for --quick")
        ]
    runs: dict[tuple[int, bool], list[dict]] = {setting: [] for setting in AUTOGRADE_SETTINGS}
    try:
        for _ in range(AUTOGRADE_RUNS):
            for jobs, sandboxed in runs:
                where = "" if sandboxed else ", no sandbox"
                print(f"  {GROUP}: {case}, {jobs} job(s){where}", flush=True)
                runs[jobs, sandboxed].append(measure(jobs, sandboxed))
                time.sleep(plan.pause_seconds)
    except Exception as error:  # the grader's failure is a finding, not the runner's end
        return [rows.Row(GROUP, case, "s", note=f"failed: {error!r}"[:300])]

    def column(key: str, jobs: int = 1, sandboxed: bool = True) -> list[float]:
        return [run[key] for run in runs[jobs, sandboxed]]

    one_job, two_jobs = column("seconds_per_student"), column("seconds_per_student", jobs=2)
    overhead = timing.median(column("overhead_per_notebook"))
    alone = timing.median(column("notebook_seconds"))
    once = timing.median(column("once_per_run_seconds"))
    one = rows.Row(GROUP, f"{case}, 1 job", "s per student", samples={"ours": one_job})
    one.ours = timing.median(one_job)
    one.note = (
        f"{runs[1, True][0]['students']} students; grading one takes {overhead:.2f} s above "
        f"running it on its own ({alone:.2f} s on average); {once:.1f} s once per run"
    )
    one.target = f"overhead <= {MAX_OVERHEAD_SECONDS:g} s"
    one.met = overhead <= MAX_OVERHEAD_SECONDS
    two = rows.Row(GROUP, f"{case}, 2 jobs", "s per student", reference_name="1 job")
    two.ours, two.reference = timing.median(two_jobs), one.ours
    two.ratio = timing.paired_ratio(two_jobs, one_job)
    two.samples = {"ours": two_jobs, "1 job": one_job}
    # What the sandbox costs: 1 job in it minus 1 job without it, round by round.
    bare = column("seconds_per_student", sandboxed=False)
    costs = [a - b for a, b in zip(one_job, bare, strict=True)]
    cost = rows.Row(GROUP, "sample class: sandbox cost, 1 job", "s per student")
    cost.ours, cost.ratio = timing.median(costs), timing.paired_ratio(one_job, bare)
    cost.samples = {"ours": costs, "sandboxed": one_job, "no sandbox": bare}
    bare_overhead = timing.median(column("overhead_per_notebook", sandboxed=False))
    cost.note = (
        f"ratio: with the sandbox / without; without it (--no-sandbox) {timing.median(bare):.2f} "
        f"s per student, {bare_overhead:.2f} s above running the notebook on its own"
    )
    return [
        one,
        rows.faster_by_at_least(two, MIN_SPEEDUP),
        rows.ours_at_most(cost, MAX_SANDBOX_COST_SECONDS, f"<= {MAX_SANDBOX_COST_SECONDS:g} s"),
    ]
