"""The notebooks: how long each source notebook takes to execute, and what autograding adds.

Each ``solutions/<unit>/<unit>.ipynb`` that exists is executed with nbclient, in a scratch
copy of its folder (so nothing in the repository changes), kernel start included: that is
what a student's "Run all" and the grader pay. An empty notebook gives the cost of the
kernel alone. Units that are absent, or whose notebook fails, are reported as such.

Autograding rows (seconds per student with 1 and 2 jobs) need a parallel autograder,
`course_lib.grading.autograde.autograde_unit` with a ``jobs`` argument; until it has one,
`autograde_rows` reports the rows as skipped.
"""

from __future__ import annotations

import inspect
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
TIMEOUT_SECONDS = 600
#: Targets of the autograding rows: overhead above the notebook's own run, speed-up of 2 jobs.
MAX_OVERHEAD_SECONDS = 1.5
MIN_SPEEDUP = 1.4
STUDENTS = 4


def measure(plan: timing.Plan) -> list[rows.Row]:
    results = [_timed(plan, "empty notebook (kernel start and stop)", None)]
    run_seconds = {}
    for unit in UNITS:
        path = ROOT / "solutions" / unit / f"{unit}.ipynb"
        if not path.is_file():
            results.append(rows.skipped(GROUP, unit, "s", f"absent: no {path.relative_to(ROOT)}"))
            continue
        row = _timed(plan, unit, path)
        results.append(row)
        if row.ours is not None:
            run_seconds[unit] = row.ours
    return results + autograde_rows(plan, run_seconds)


def execute(path: Path | None) -> float:
    """Seconds to execute the notebook at ``path`` (an empty one for None) in a scratch copy
    of its folder; raises nbclient's error when a cell fails."""
    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        if path is None:
            notebook, folder = nbformat.v4.new_notebook(), Path(scratch)
        else:
            folder = Path(shutil.copytree(path.parent, Path(scratch) / path.parent.name))
            notebook = nbformat.read(folder / path.name, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT_SECONDS,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        start = time.perf_counter()
        client.execute()
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


def parallel_autograder() -> Callable | None:
    """`autograde_unit` if it takes ``jobs`` (graded by that many processes), else None."""
    try:
        from course_lib.grading.autograde import autograde_unit
    except ImportError:
        return None
    return autograde_unit if "jobs" in inspect.signature(autograde_unit).parameters else None


def autograde_rows(
    plan: timing.Plan,
    run_seconds: dict[str, float],
    autograder: Callable | None = None,
) -> list[rows.Row]:
    """Seconds per student to autograde each unit with 1 and with 2 jobs.

    ``STUDENTS`` copies of the solution notebook are graded with ``jobs=1``, then with
    ``jobs=2``. Row "1 job" is held to at most `MAX_OVERHEAD_SECONDS` per student above the
    notebook's own run time (``run_seconds[unit]``); row "2 jobs" gives the time with 2 jobs
    against 1 job and is held to a speed-up of at least `MIN_SPEEDUP`.

    Args:
        plan: how many times to grade (``long_runs``, median taken) and pause between.
        run_seconds: the units to grade, each with its notebook's execution time.
        autograder: ``autograde_unit(config_root, unit_folder, submissions, jobs=N)``;
            found with `parallel_autograder` when None.
    """
    autograder = autograder or parallel_autograder()
    if autograder is None:
        case = "autograding, seconds per student, 1 and 2 jobs"
        return [rows.skipped(GROUP, case, "s", "parallel autograding not available yet")]
    results = []
    for unit, own_seconds in run_seconds.items():
        folder = ROOT / "solutions" / unit
        submissions = {f"student{k}": folder / f"{unit}.ipynb" for k in range(STUDENTS)}
        per_student = {}
        for jobs in (1, 2):
            print(f"  {GROUP}: autograding {unit}, {jobs} job(s)", flush=True)
            per_student[jobs] = []
            for _ in range(plan.long_runs):
                start = time.perf_counter()
                autograder(ROOT, folder, submissions, jobs=jobs)
                per_student[jobs].append((time.perf_counter() - start) / STUDENTS)
                time.sleep(plan.pause_seconds)
        one = rows.Row(GROUP, f"{unit}: autograding, 1 job", "s per student")
        one.ours = timing.median(per_student[1])
        one.samples = {"ours": per_student[1]}
        one.note = f"overhead {one.ours - own_seconds:.2f} s above the notebook's own run"
        one.target = f"overhead <= {MAX_OVERHEAD_SECONDS:g} s"
        one.met = one.ours - own_seconds <= MAX_OVERHEAD_SECONDS
        two = rows.Row(GROUP, f"{unit}: autograding, 2 jobs", "s per student")
        two.ours = timing.median(per_student[2])
        two.reference, two.reference_name = one.ours, "1 job"
        two.ratio = timing.paired_ratio(per_student[2], per_student[1])
        two.samples = {"ours": per_student[2], "1 job": per_student[1]}
        results.append(one)
        results.append(rows.faster_by_at_least(two, MIN_SPEEDUP))
    return results
