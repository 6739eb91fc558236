"""Autograding speed on the bundled sample class (unit 01, eight students).

`measure_autograding(jobs)` grades the class with ``jobs`` workers in a temporary course and
returns the wall-clock time, seconds per student, and the overhead per notebook: the time a
student's grading costs (with one job) above executing the reference notebook once on its
own. Run ``python -m benchmarks.grading`` for jobs 1 and 2 and the speed-up.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from course_lib.grading.collect import collect
from course_lib.grading.course import RELEASE_DIR, SOURCE_DIR, repository_root
from course_lib.grading.execute import execute_notebook
from course_lib.grading.pipeline import autograde
from course_lib.grading.sample_class import SAMPLE_UNIT
from course_lib.grading.sample_run import build_sample_course

TIMEOUT = 5


def notebook_seconds(repository: Path) -> float:
    """Seconds to execute the reference notebook of the sample unit once, in a fresh kernel."""
    with tempfile.TemporaryDirectory(prefix="bench-notebook-") as folder:
        copy = Path(folder) / f"{SAMPLE_UNIT}.ipynb"
        copy.write_bytes((repository / SOURCE_DIR / SAMPLE_UNIT / copy.name).read_bytes())
        start = time.perf_counter()
        execute_notebook(copy)
        return time.perf_counter() - start


def measure_autograding(jobs: int) -> dict:
    """Grade the sample class with ``jobs`` workers; the timings of that run."""
    repository = repository_root(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as folder:
        workspace, download = build_sample_course(repository, Path(folder))
        collect(workspace, download)
        start = time.perf_counter()
        results = autograde(workspace, jobs=jobs, timeout=TIMEOUT, progress=False)
        seconds = time.perf_counter() - start
    alone = notebook_seconds(repository)
    per_student = seconds / len(results)
    return {
        "jobs": jobs,
        "students": len(results),
        "seconds": seconds,
        "seconds_per_student": per_student,
        "notebook_seconds": alone,
        # Cost of one submission in a worker above running its notebook once on its own.
        "overhead_per_notebook": per_student * jobs - alone,
        "note": f"the sample class includes a student looping until the {TIMEOUT} s timeout, "
        f"one crashing and one malformed file; release notebooks are in {RELEASE_DIR}/",
    }


def main() -> None:
    one, two = measure_autograding(1), measure_autograding(2)
    for row in (one, two):
        print(
            f"jobs {row['jobs']}: {row['seconds']:.1f} s for {row['students']} students, "
            f"{row['seconds_per_student']:.2f} s per student; notebook alone "
            f"{row['notebook_seconds']:.2f} s, overhead {row['overhead_per_notebook']:.2f} s"
        )
    print(f"speed-up with 2 jobs: {one['seconds'] / two['seconds']:.2f}x")


if __name__ == "__main__":
    main()
