"""Grade one student's submission of one unit: nbgrader, then the verifier, then the minimum.

A job runs in a worker process and writes nothing shared: it copies a template course (the
unit's source with the assignment already generated, and its own SQLite gradebook) into a
scratch folder of its own, autogrades the submission there with nbgrader, and verifies in the
worker's verifier process (`course_lib.grading.verifier`) every exercise that nbgrader gave
points. It returns a plain dictionary (`SubmissionResult.as_dict`) that the parent alone
stores.

The score of an exercise is the smaller of nbgrader's score of its test cell (the whole
notebook ran in one kernel) and the verifier's (only the setup, this answer and the source's
tests ran). An exercise nbgrader gave nothing is not verified, since nothing could raise its
score: its message is the last line of the error in the notebook nbgrader ran. Otherwise the
message is the verifier's.
"""

from __future__ import annotations

import re
import shutil
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from course_lib.grading.course import nbgrader_api
from course_lib.grading.notebook import (
    TESTS_SUFFIX,
    NotebookError,
    cells_by_grade_id,
    exercises,
    nbgrader_metadata,
    read_notebook,
    setup_source,
    written_answers,
)
from course_lib.grading.sandbox import MESSAGE_LIMIT
from course_lib.grading.verifier import verifier_for, without_test_code

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
    timeout: int  # seconds per cell
    protected: tuple[Path, ...] = ()


@dataclass
class ExerciseGrade:
    """One exercise's points: nbgrader's, the verifier's (None when nbgrader already gave
    none, so the verifier could not change the score), and the final (smaller) one."""

    max_points: float
    nbgrader: float
    verifier: float | None
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
    autograded_notebook: str | None = None  # path of the notebook nbgrader executed
    seconds: float = 0.0  # wall-clock time the grading took

    def as_dict(self) -> dict:
        return asdict(self)


def grade_submission(job: GradingJob) -> SubmissionResult:
    """Grade ``job.submission``; any failure becomes a "failed: <reason>" result."""
    start = time.perf_counter()
    result = _grade(job)
    result.seconds = time.perf_counter() - start
    return result


def _grade(job: GradingJob) -> SubmissionResult:
    source = read_notebook(job.source_notebook)
    written = written_answers(source)
    try:
        submitted = read_notebook(job.submission)
    except NotebookError as error:
        reason = str(error).replace(str(job.submission), job.submission.name)
        return SubmissionResult(job.unit, job.student, f"failed: {reason}", written=written)
    nbgrader_scores, failure, autograded = _autograde_with_nbgrader(job)
    if failure or autograded is None:
        return SubmissionResult(job.unit, job.student, f"failed: {failure}", written=written)
    answers = cells_by_grade_id(submitted)
    failures = nbgrader_failures(read_notebook(autograded), job.timeout)
    graded = exercises(source)
    scores = {grade_id: nbgrader_scores.get(grade_id + TESTS_SUFFIX, 0.0) for grade_id in graded}
    to_verify = [
        (grade_id, answers[grade_id], exercise.tests)
        for grade_id, exercise in graded.items()
        if grade_id in answers and scores[grade_id] > 0
    ]
    server = verifier_for(setup_source(source), job.protected)
    verdicts = server.verify(to_verify, timeout=job.timeout)
    grades = {}
    for grade_id, exercise in graded.items():
        by_nbgrader, verdict = scores[grade_id], verdicts.get(grade_id)
        verifier: float | None = 0.0
        if grade_id not in answers:
            message = f"no cell with grade_id {grade_id!r} in the notebook"
        elif verdict is None:  # nbgrader gave nothing: no verdict could change that
            verifier = None
            message = failures.get(grade_id, "the tests failed when the whole notebook ran")
        else:
            verifier = exercise.points if verdict.passed else 0.0
            message = verdict.message
            if verdict.passed and by_nbgrader < exercise.points:
                message = (
                    "the tests failed when the whole notebook ran (see the autograded notebook)"
                )
        score = by_nbgrader if verifier is None else min(by_nbgrader, verifier)
        message = without_test_code(message, exercise.tests)
        grades[grade_id] = ExerciseGrade(exercise.points, by_nbgrader, verifier, score, message)
    return SubmissionResult(job.unit, job.student, "graded", grades, written, str(autograded))


def nbgrader_failures(autograded: nbformat.NotebookNode, timeout: float) -> dict[str, str]:
    """exercise -> the last line of its failure in the notebook nbgrader executed: the
    answer cell's error if it raised, else the test cell's (a timeout said as such)."""
    errors: dict[str, str] = {}
    for cell in autograded.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id", "")
        found = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        if not isinstance(grade_id, str) or not found:
            continue
        exercise, stage = (
            (grade_id.removesuffix(TESTS_SUFFIX), "tests")
            if grade_id.endswith(TESTS_SUFFIX)
            else (grade_id, "answer")
        )
        if any(out.get("ename") == "CellTimeoutError" for out in found):
            line = f"timed out after {timeout:g} s"
        else:
            name, value = found[-1].get("ename", "Error"), found[-1].get("evalue", "")
            line = f"{name}: {value}" if value else str(name)
        errors.setdefault(exercise, f"{stage}: {line}"[:MESSAGE_LIMIT])
    return errors


def _autograde_with_nbgrader(job: GradingJob) -> tuple[dict[str, float], str, Path | None]:
    """nbgrader's score per test cell, a failure reason ("" if none), the executed notebook."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    course = job.scratch / "course"
    shutil.copytree(job.template, course)
    target = course / "submitted" / job.student / job.unit
    target.mkdir(parents=True)
    shutil.copy(job.submission, target / f"{job.unit}.ipynb")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        api = nbgrader_api(
            job.config_root, course, source_directory="source", execute_timeout=job.timeout
        )
        outcome = api.autograde(job.unit, job.student, force=True)
        if not outcome["success"]:
            return {}, failure_reason(outcome.get("log") or "", outcome.get("error") or ""), None
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
            graded = gradebook.find_submission_notebook(job.unit, job.unit, job.student)
            scores = {grade.name: float(grade.auto_score or 0.0) for grade in graded.grades}
    return scores, "", course / "autograded" / job.student / job.unit / f"{job.unit}.ipynb"


def failure_reason(log: str, error: str) -> str:
    """A one-line reason for a failed nbgrader run, from a fixed list when the error is known:
    never a line of the log itself, which can quote a cell (hidden tests included)."""
    text = log + "\n" + error
    for name, reason in FAILURE_REASONS:
        if name in text:
            return reason
    if "KeyboardInterrupt" in text or re.search(r"[Tt]imeout", text):
        return "a cell ran past the time limit and could not be interrupted"
    return "nbgrader could not grade the notebook (see the log of `course autograde`)"
