"""Grade one exercise with the notebook's own tests, running only the cells it needs.

An exercise's test cell needs the notebook's setup cells and the exercise's answer cell, and
nothing else (see `course_lib.grading.notebook`). So an answer, the reference solution or a
deliberately wrong variant, can be graded in milliseconds without executing the whole
notebook: setup, then the answer, then the tests, in a fresh namespace.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import nbformat

from course_lib.grading.notebook import exercises, setup_source
from course_lib.quiet import quietly


@dataclass(frozen=True)
class ExerciseResult:
    """Whether the tests passed, and the failure's last line when they did not."""

    passed: bool
    message: str = ""


def run_exercise(
    notebook: nbformat.NotebookNode, grade_id: str, answer: str | None = None
) -> ExerciseResult:
    """Run the setup cells, ``answer`` (default: the notebook's own answer cell) and the
    exercise's test cell in a fresh namespace.

    Args:
        notebook: a source notebook (with hidden tests) or a release notebook.
        grade_id: the exercise's grade_id.
        answer: Python source replacing the answer cell.

    Returns:
        `ExerciseResult`: passed when no cell raised.
    """
    exercise = exercises(notebook)[grade_id]
    stages = (
        ("setup", setup_source(notebook)),
        (grade_id, exercise.solution if answer is None else answer),
        (f"{grade_id}_tests", exercise.tests),
    )
    namespace: dict = {"__name__": "__main__"}
    for name, source in stages:
        try:
            code = compile(source, f"<{name}>", "exec")
            with quietly():
                exec(code, namespace)
        except Exception as error:  # any failure of student code or tests is a failed test
            summary = traceback.format_exception_only(type(error), error)[-1].strip()
            return ExerciseResult(False, f"{name}: {summary}")
    return ExerciseResult(True)
