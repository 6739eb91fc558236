"""Grade one student's submission of one unit: the harness decides, nbgrader shows.

A job runs in a worker process and writes nothing shared. Its points come from the trusted
harness (`course_lib.grading.harness`): the source's test cells, hidden tests included, run
in the worker against the student's answer cells, which run in the submission's own sandbox.
nbgrader then runs the whole notebook once more, its kernel in the sandbox too
(`course_lib.grading.sandbox.kernel`), in a scratch copy of the unit's template course: that
run only produces the autograded notebook the formgrader shows, where written answers are
graded by a person; its scores are not used. If nbgrader cannot run the notebook to the end
(a cell kills the kernel), the notebook is put through nbgrader again without running it, so
the formgrader still has the written answers, and the result says why.

The job returns a plain dictionary (`SubmissionResult.as_dict`) that the parent alone stores.
"""

from __future__ import annotations

import re
import shutil
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course_lib.grading.course import nbgrader_api
from course_lib.grading.harness.submission import grade_answers
from course_lib.grading.notebook import NotebookError, exercises, read_notebook, written_answers
from course_lib.grading.sandbox.kernel import autograde_preprocessors
from course_lib.grading.sandbox.student_processes import StudentProcesses

#: The reason given for nbgrader's known failures, by the error name found in its log.
FAILURE_REASONS = (
    ("DeadKernelError", "the kernel died (the notebook exited, crashed or ran out of memory)"),
    ("NotJSONError", "the file is not a valid notebook"),
    ("CellTimeoutError", "a cell ran past the time limit and could not be interrupted"),
    ("TimeoutError", "a cell ran past the time limit and could not be interrupted"),
)


@dataclass(frozen=True)
class GradingJob:
    """What a worker needs to grade one submission (all paths absolute)."""

    config_root: Path  # the folder with nbgrader_config.py
    unit: str
    student: str
    submission: Path
    source_notebook: Path  # solutions/<unit>/<unit>.ipynb, with the hidden tests
    template: Path  # a course folder where the unit's assignment is generated
    scratch: Path  # an empty folder of this job's own
    timeout: int  # seconds per exercise, and per cell in nbgrader's run
    sandboxed: bool = True  # False only with --no-sandbox


@dataclass
class ExerciseGrade:
    """One exercise's points and, when it lost them, why (one line)."""

    max_points: float
    score: float
    message: str


@dataclass
class SubmissionResult:
    """The outcome of a job; ``status`` is "graded" or "failed: <reason>"."""

    unit: str
    student: str
    status: str
    exercises: dict[str, ExerciseGrade] = field(default_factory=dict)
    written: dict[str, float] = field(default_factory=dict)  # grade_id -> max points
    autograded_notebook: str | None = None  # path of the notebook nbgrader produced
    notebook_run: str = ""  # why nbgrader could not run the notebook to the end, if it could not
    sandboxed: bool = True
    seconds: float = 0.0  # wall-clock time the grading took

    def as_dict(self) -> dict:
        return asdict(self)


def grade_submission(job: GradingJob) -> SubmissionResult:
    """Grade ``job.submission``; a file that is not a notebook becomes "failed: <reason>"."""
    start = time.perf_counter()
    result = _grade(job)
    result.seconds = time.perf_counter() - start
    return result


def _grade(job: GradingJob) -> SubmissionResult:
    source = read_notebook(job.source_notebook)
    written = written_answers(source)
    failed = SubmissionResult(job.unit, job.student, "", written=written, sandboxed=job.sandboxed)
    try:
        submitted = read_notebook(job.submission)
    except NotebookError as error:
        failed.status = f"failed: not a readable notebook: {error.__cause__ or error}"
        return failed
    with StudentProcesses(sandboxed=job.sandboxed) as processes:
        verdicts = grade_answers(source, submitted, processes, timeout=job.timeout)
    grades = {}
    for grade_id, exercise in exercises(source).items():
        verdict = verdicts[grade_id]
        score = exercise.points if verdict.passed else 0.0
        grades[grade_id] = ExerciseGrade(exercise.points, score, verdict.message)
    autograded, run_note = _autograde_with_nbgrader(job)
    return SubmissionResult(
        job.unit,
        job.student,
        "graded",
        grades,
        written,
        str(autograded) if autograded else None,
        run_note,
        job.sandboxed,
    )


def _autograde_with_nbgrader(job: GradingJob) -> tuple[Path | None, str]:
    """The notebook nbgrader autograded (None if it could not), and why it could not run the
    notebook to the end ("" when it could)."""
    reason = _nbgrader_run(job, execute=True)
    if reason:
        fallback = _nbgrader_run(job, execute=False)
        if fallback:
            return None, f"{reason}; nbgrader could not take the notebook either: {fallback}"
        reason = f"{reason}; the formgrader shows the notebook without outputs"
    autograded = job.scratch / "course" / "autograded" / job.student / job.unit
    return autograded / f"{job.unit}.ipynb", reason


def _nbgrader_run(job: GradingJob, *, execute: bool) -> str:
    """Autograde in a fresh copy of the template; the failure's reason, or "" on success."""
    from sqlalchemy.exc import SAWarning

    course = job.scratch / "course"
    shutil.rmtree(course, ignore_errors=True)
    shutil.copytree(job.template, course)
    target = course / "submitted" / job.student / job.unit
    target.mkdir(parents=True)
    shutil.copy(job.submission, target / f"{job.unit}.ipynb")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        api = nbgrader_api(
            job.config_root,
            course,
            source_directory="source",
            execute_timeout=job.timeout,
            autograde_preprocessors=autograde_preprocessors(
                sandboxed=job.sandboxed, execute=execute
            ),
        )
        outcome = api.autograde(job.unit, job.student, force=True)
    if outcome["success"]:
        return ""
    return failure_reason(outcome.get("log") or "", outcome.get("error") or "")


def failure_reason(log: str, error: str) -> str:
    """A one-line reason for a failed nbgrader run, from a fixed list when the error is known:
    never a line of the log itself, which can quote a cell (hidden tests included)."""
    text = log + "\n" + error
    for name, reason in FAILURE_REASONS:
        if name in text:
            return reason
    if "KeyboardInterrupt" in text or re.search(r"[Tt]imeout", text):
        return "a cell ran past the time limit and could not be interrupted"
    return "nbgrader could not run the notebook (see the log of `course autograde`)"
