"""`course check NOTEBOOK`: a student's own check of a notebook, before handing it in.

Each exercise runs in a fresh limited process (the verifier's) with the notebook's own setup
cells, that exercise's answer cell and its visible test cell, exactly as they are in the
student's notebook. The wording is honest: passing the visible tests is necessary, and the
hidden tests run too when the notebook is graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.notebook import (
    TESTS_SUFFIX,
    cells_by_grade_id,
    read_notebook,
    setup_source,
)
from course_lib.grading.verifier import verify_exercises

NOT_ATTEMPTED = "NotImplementedError"


@dataclass(frozen=True)
class CheckLine:
    """What the check says about one exercise."""

    exercise: str
    state: str  # "passes", "fails" or "not attempted"
    message: str = ""

    def __str__(self) -> str:
        if self.state == "passes":
            return (
                f"{self.exercise}: passes the visible tests "
                "(hidden tests will also run when it is graded)"
            )
        if self.state == "not attempted":
            return f"{self.exercise}: not attempted (raises NotImplementedError)"
        return f"{self.exercise}: fails: {self.message}"


def check_notebook(path: Path, *, timeout: float = 60.0) -> list[CheckLine]:
    """Run every exercise's visible tests of the notebook at ``path``; NotebookError if the
    file is not a readable notebook."""
    notebook = read_notebook(path)
    cells = cells_by_grade_id(notebook)
    setup = setup_source(notebook)
    exercises = [
        (test_id.removesuffix(TESTS_SUFFIX), tests)
        for test_id, tests in cells.items()
        if test_id.endswith(TESTS_SUFFIX)
    ]
    verdicts = verify_exercises(
        setup,
        [(name, cells[name], tests) for name, tests in exercises if name in cells],
        timeout=timeout,
    )
    lines = []
    for name, _ in exercises:
        verdict = verdicts.get(name)
        if verdict is None:
            lines.append(CheckLine(name, "fails", "the answer cell is missing"))
        elif verdict.passed:
            lines.append(CheckLine(name, "passes"))
        elif verdict.message.split(": ", 1)[-1].startswith(NOT_ATTEMPTED):
            lines.append(CheckLine(name, "not attempted"))
        else:
            lines.append(CheckLine(name, "fails", verdict.message))
    return lines
