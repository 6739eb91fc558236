"""The course's nbgrader gradebook: written by the grading parent alone, read by export.

`GradebookWriter` mirrors a unit's structure (assignment, notebook, graded, solution and
source cells) from the template course where the assignment was generated, then stores each
graded submission in one transaction: the final score of each exercise becomes the test
cell's ``auto_score``. A person can still override it in nbgrader's formgrader
(``manual_score``), and grades written answers there; `cell_scores` reads nbgrader's
``score``, which is the manual score when there is one. A failed submission is removed from
the gradebook: its status lives in its result file, and it has no score.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course_lib.grading.course import _put_interpreter_tools_on_path


@contextmanager
def open_gradebook(path: Path, course_id: str) -> Iterator:
    """nbgrader's `Gradebook` on the SQLite file ``path``, without SQLAlchemy's noise."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    _put_interpreter_tools_on_path()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        with Gradebook(f"sqlite:///{path}", course_id) as gradebook:
            yield gradebook


def mirror_unit(gradebook, template, unit: str) -> None:
    """Create in ``gradebook`` the assignment ``unit`` as it is in ``template``."""
    assignment = template.find_assignment(unit)
    gradebook.update_or_create_assignment(unit)
    for notebook in assignment.notebooks:
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
    """Store one submission's result (`SubmissionResult.as_dict`), in one transaction."""
    from nbgrader.api import MissingEntry

    unit, student = result["unit"], result["student"]
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
