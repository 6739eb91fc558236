"""The course's nbgrader gradebook: written by the grading parent alone, read by export.

`mirror_unit` copies a unit's structure (assignment, notebook, graded, solution and source
cells) from the template course where the assignment was generated; `store_result` stores a
graded submission: the final score of each exercise becomes the test cell's ``auto_score``.
A person can still override it in nbgrader's formgrader (``manual_score``), and grades
written answers there; `cell_scores` reads nbgrader's ``score``, which is the manual score
when there is one. A failed submission is removed from the gradebook: its status lives in
its result file, and it has no score.

The gradebook is a SQLite file in the course folder by default, or any database nbgrader
takes by URL. On PostgreSQL (``postgresql+psycopg://...``) several instructors may grade
into one gradebook at once: creating the schema and every write hold a PostgreSQL advisory
lock, because nbgrader's update-or-create is a query and then an insert, which two writers
at once would both do.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from course_lib.grading.course import _put_interpreter_tools_on_path

#: The key of the advisory lock that serialises writers of a PostgreSQL gradebook.
WRITER_LOCK = 0x636F75727365  # "course"


@contextmanager
def open_gradebook(url: str, course_id: str) -> Iterator:
    """nbgrader's `Gradebook` on the database ``url`` (SQLAlchemy's form, e.g.
    ``sqlite:////path/gradebook.db``), without SQLAlchemy's noise; the schema is created
    by one process at a time."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    _put_interpreter_tools_on_path()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        with _schema_lock(url):
            gradebook = Gradebook(url, course_id)  # creates the schema when it is missing
        with gradebook:
            yield gradebook


@contextmanager
def _schema_lock(url: str) -> Iterator[None]:
    """Hold the writers' lock of a PostgreSQL database for the block (nothing elsewhere)."""
    if not url.startswith("postgresql"):
        yield
        return
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with _advisory_lock(engine):
            yield
    finally:
        engine.dispose()


@contextmanager
def _writing(gradebook) -> Iterator[None]:
    """Hold the writers' lock of the gradebook's database for the block, when it is
    PostgreSQL. nbgrader commits inside each update-or-create, so the lock is a session lock
    on a connection of its own, not a transaction's."""
    engine = gradebook.db.get_bind()
    if engine.dialect.name != "postgresql":
        yield
        return
    with _advisory_lock(engine):
        yield


@contextmanager
def _advisory_lock(engine) -> Iterator[None]:
    from sqlalchemy import text

    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITER_LOCK})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITER_LOCK})


def add_students(gradebook, students: list[str]) -> None:
    """Create every student of ``students`` that the gradebook lacks, in one transaction."""
    with _writing(gradebook):
        for student in students:
            gradebook.update_or_create_student(student)
        gradebook.db.commit()


def mirror_unit(gradebook, template, unit: str) -> None:
    """Create in ``gradebook`` the assignment ``unit`` as it is in ``template``."""
    assignment = template.find_assignment(unit)
    with _writing(gradebook):
        gradebook.update_or_create_assignment(unit)
        for notebook in assignment.notebooks:
            _mirror_notebook(gradebook, notebook, unit)


def _mirror_notebook(gradebook, notebook, unit: str) -> None:
    gradebook.update_or_create_notebook(notebook.name, unit)
    for cell in notebook.grade_cells:
        gradebook.update_or_create_grade_cell(
            cell.name, notebook.name, unit, max_score=cell.max_score, cell_type=cell.cell_type
        )
    for cell in notebook.solution_cells:
        gradebook.update_or_create_solution_cell(cell.name, notebook.name, unit)
    for cell in notebook.source_cells:
        gradebook.update_or_create_source_cell(
            cell.name,
            notebook.name,
            unit,
            cell_type=cell.cell_type,
            locked=cell.locked,
            source=cell.source,
            checksum=cell.checksum,
        )


def store_result(gradebook, result: dict) -> None:
    """Store one submission's result (`SubmissionResult.as_dict`) under the writers' lock:
    the final score of each exercise, or no submission at all when it failed."""
    from nbgrader.api import MissingEntry

    unit, student = result["unit"], result["student"]
    with _writing(gradebook):
        if result["status"] != "graded":
            try:
                gradebook.remove_submission(unit, student)
            except MissingEntry:
                pass
            return
        gradebook.update_or_create_student(student)
        submission = gradebook.update_or_create_submission(unit, student)
        scores = {f"{gid}_tests": grade["score"] for gid, grade in result["exercises"].items()}
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.name in scores:
                    grade.auto_score = scores[grade.name]
                    grade.needs_manual_grade = False
        gradebook.db.commit()


def cell_scores(gradebook, unit: str, student: str) -> dict[str, float | None]:
    """grade_id -> score of every graded cell of a stored submission (None: not graded yet);
    empty when the submission is not in the gradebook."""
    from nbgrader.api import MissingEntry

    try:
        notebook = gradebook.find_submission_notebook(unit, unit, student)
    except MissingEntry:
        return {}
    return {
        grade.name: grade.manual_score if grade.manual_score is not None else grade.auto_score
        for grade in notebook.grades
    }
