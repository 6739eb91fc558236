"""Autograding speed on the bundled sample class (unit 01, eleven students).

`measure_autograding(jobs, sandboxed)` grades the class with ``jobs`` workers in a temporary
course, the student's code in the sandbox or (``sandboxed=False``, as ``--no-sandbox``) as
plain processes, and returns the wall-clock time, seconds per student, the overhead per
notebook (the time a student's grading takes in its worker above executing that student's
notebook once on its own; the looping student's own run includes its timeout too) and what
the run pays once. Run ``python -m benchmarks.grading`` for jobs 1 and 2 in the sandbox, 1 job
without it, the speed-up and what the sandbox costs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from course_lib.grading.collect import collect
from course_lib.grading.course import RELEASE_DIR, repository_root
from course_lib.grading.notebook import NotebookError, read_notebook
from course_lib.grading.pipeline import autograde
from course_lib.grading.sample_run import build_sample_course

TIMEOUT = 5
NOT_A_NOTEBOOK = "malformed"  # the sample class's one file that fails to grade


def notebooks_alone_seconds(download: Path) -> float:
    """Mean seconds to execute each submitted notebook once on its own, in a fresh kernel,
    with the grading's per-cell timeout and errors allowed (what nbgrader's run of it costs
    at least); a file that is not a notebook costs nothing."""
    from nbclient import NotebookClient

    from course_lib.grading.ipc_kernel import IPCKernelManager

    times = []
    for path in sorted(download.iterdir()):
        start = time.perf_counter()
        try:
            notebook = read_notebook(path)
        except NotebookError:
            times.append(0.0)
            continue
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT,
            allow_errors=True,
            kernel_name="python3",
            kernel_manager_class=IPCKernelManager,
        )
        try:
            client.execute(cwd=str(download))
        except Exception:  # a dead kernel or an uninterruptible cell ends the run: timed as is
            pass
        times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def measure_autograding(jobs: int, sandboxed: bool = True) -> dict:
    """Grade the sample class once with ``jobs`` workers, in the sandbox or not; the timings
    of that run. Raises RuntimeError when a student was not graded, or not that way (a run
    whose grading processes died is not a measurement)."""
    repository = repository_root(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as folder:
        workspace, download = build_sample_course(repository, Path(folder))
        collect(workspace, download)
        start = time.perf_counter()
        results = autograde(
            workspace, jobs=jobs, timeout=TIMEOUT, progress=False, sandboxed=sandboxed
        )
        seconds = time.perf_counter() - start
        wrong = [
            result["student"]
            for result in results
            if result["sandboxed"] != sandboxed
            or (result["status"] != "graded" and result["student"] != NOT_A_NOTEBOOK)
        ]
        if wrong:
            raise RuntimeError(f"not graded with sandboxed={sandboxed}: {', '.join(wrong)}")
        alone = notebooks_alone_seconds(download)
    graded = sum(result["seconds"] for result in results)
    return {
        "jobs": jobs,
        "sandboxed": sandboxed,
        "students": len(results),
        "seconds": seconds,
        "seconds_per_student": seconds / len(results),
        "notebook_seconds": alone,
        # What grading one submission costs in its worker above running that notebook once
        # on its own; the rest of the run (the assignment generated once, the workers
        # started, the results stored) is paid once per run.
        "overhead_per_notebook": graded / len(results) - alone,
        "once_per_run_seconds": seconds - graded / jobs,
        "note": f"the sample class includes a student looping until the {TIMEOUT} s timeout, "
        f"one crashing and one malformed file; release notebooks are in {RELEASE_DIR}/",
    }


def main() -> None:
    # 1 job in the sandbox between the two runs it is compared with, as in the benchmark
    bare, one, two = measure_autograding(1, False), measure_autograding(1), measure_autograding(2)
    for row in (one, two, bare):
        print(
            f"jobs {row['jobs']}, {'sandboxed' if row['sandboxed'] else 'no sandbox'}: "
            f"{row['seconds']:.1f} s for {row['students']} students, "
            f"{row['seconds_per_student']:.2f} s per student; notebook alone "
            f"{row['notebook_seconds']:.2f} s, overhead {row['overhead_per_notebook']:.2f} s, "
            f"once per run {row['once_per_run_seconds']:.1f} s"
        )
    print(f"speed-up with 2 jobs: {one['seconds'] / two['seconds']:.2f}x")
    cost = one["seconds_per_student"] - bare["seconds_per_student"]
    print(
        f"sandbox cost, 1 job: {cost:.2f} s per student "
        f"({one['seconds'] / bare['seconds']:.2f}x the time without it)"
    )


if __name__ == "__main__":
    main()
