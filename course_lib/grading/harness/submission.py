"""Grade every exercise of one submitted notebook against the source's tests.

The student's answer cells are taken in the order the submission has them; the exercise
``k`` is graded in a child that ran the answer cells up to and including ``k``'s, so an answer
may call the student's own functions from earlier exercises, as the notebook itself does. No
other cell of the student's ever runs here, and the tests are always the source's.
"""

from __future__ import annotations

import nbformat

from course_lib.grading.harness.session import Verdict, grade_exercise
from course_lib.grading.notebook import exercises, nbgrader_metadata, setup_source
from course_lib.grading.sandbox.student_processes import StudentProcesses


def answer_cells(notebook: nbformat.NotebookNode, grade_ids: set[str]) -> list[tuple[str, str]]:
    """(grade_id, source) of the code cells whose grade_id is one of ``grade_ids``, in notebook
    order; the first cell wins when a grade_id repeats (a student may have copied a cell)."""
    found: dict[str, str] = {}
    for cell in notebook.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if cell.get("cell_type") != "code" or grade_id not in grade_ids or grade_id in found:
            continue
        found[grade_id] = cell.source if isinstance(cell.source, str) else ""
    return list(found.items())


def grade_answers(
    source: nbformat.NotebookNode,
    submitted: nbformat.NotebookNode,
    processes: StudentProcesses,
    *,
    timeout: float,
    tests: dict[str, str] | None = None,
) -> dict[str, Verdict]:
    """grade_id -> `Verdict` for every exercise of ``source``, in its order.

    Args:
        source: the source notebook: its setup cells and (unless ``tests`` is given) its test
            cells, hidden tests included.
        submitted: the student's notebook: only its answer cells are used.
        processes: the submission's sandbox.
        timeout: seconds per exercise.
        tests: grade_id -> test cell, instead of the source's (the student's own visible
            tests, for `course check`).
    """
    graded = exercises(source)
    setup = setup_source(source)
    answers = answer_cells(submitted, set(graded))
    order = [grade_id for grade_id, _ in answers]
    verdicts = {}
    for grade_id, exercise in graded.items():
        if grade_id not in order:
            missing = f"no cell with grade_id {grade_id!r} in the notebook"
            verdicts[grade_id] = Verdict(False, missing)
            continue
        verdicts[grade_id] = grade_exercise(
            processes,
            grade_id,
            setup=setup,
            answers=answers[: order.index(grade_id) + 1],
            tests=exercise.tests if tests is None else tests[grade_id],
            timeout=timeout,
        )
    return verdicts
