"""The structure of a course notebook, read from its nbgrader cell metadata.

Conventions every unit follows (docs/authoring.md explains them for authors):
- code cells tagged ``setup`` hold the imports and helpers that the tests need;
- an exercise is a code cell with nbgrader ``solution: true, grade: false``; its
  ``grade_id`` names the exercise;
- its autograded tests are the one cell whose ``grade_id`` is ``<exercise>_tests``, which
  needs nothing but the setup cells and the exercise's own cell;
- written answers are markdown cells with ``solution: true, grade: true``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

SETUP_TAG = "setup"
TESTS_SUFFIX = "_tests"


class NotebookError(ValueError):
    """A notebook that is missing, not valid JSON, or breaks the course's conventions."""


@dataclass(frozen=True)
class Exercise:
    """One autograded exercise: the answer cell and the test cell that grades it."""

    grade_id: str
    solution: str  # the answer cell's source
    tests: str  # the test cell's source
    points: float


def read_notebook(path: Path | str) -> nbformat.NotebookNode:
    """Read a notebook (format 4), with an error that names the file and the problem."""
    path = Path(path)
    if not path.is_file():
        raise NotebookError(f"notebook not found: {path}")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for bad files
        raise NotebookError(f"{path} is not a readable notebook: {error}") from error


def nbgrader_metadata(cell: nbformat.NotebookNode) -> dict:
    """The cell's nbgrader metadata, or an empty dict."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def setup_source(notebook: nbformat.NotebookNode) -> str:
    """The source of every code cell tagged ``setup``, in order."""
    return "\n\n".join(
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and SETUP_TAG in cell.get("metadata", {}).get("tags", [])
    )


def exercises(notebook: nbformat.NotebookNode) -> dict[str, Exercise]:
    """Every exercise of the notebook by grade_id, in notebook order."""
    answers: dict[str, str] = {}
    tests: dict[str, tuple[str, float]] = {}
    for cell in notebook.cells:
        meta = nbgrader_metadata(cell)
        if cell.cell_type != "code" or not meta:
            continue
        grade_id = meta.get("grade_id", "")
        if meta.get("solution") and not meta.get("grade"):
            answers[grade_id] = cell.source
        elif meta.get("grade") and not meta.get("solution"):
            tests[grade_id] = (cell.source, float(meta.get("points", 0)))
    found = {}
    for grade_id, solution in answers.items():
        test_id = grade_id + TESTS_SUFFIX
        if test_id not in tests:
            raise NotebookError(f"exercise {grade_id!r} has no test cell {test_id!r}")
        source, points = tests.pop(test_id)
        found[grade_id] = Exercise(grade_id, solution, source, points)
    if tests:
        raise NotebookError(f"test cells without an exercise: {sorted(tests)}")
    return found


def cells_by_grade_id(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The source of every cell that carries a grade_id, whatever its other metadata says
    (a student may have edited it); the first cell wins when a grade_id repeats."""
    found: dict[str, str] = {}
    for cell in notebook.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if isinstance(grade_id, str) and grade_id not in found:
            found[grade_id] = cell.source if isinstance(cell.source, str) else ""
    return found


def written_answers(notebook: nbformat.NotebookNode) -> dict[str, float]:
    """grade_id -> points of every manually graded cell (a written answer)."""
    return {
        meta["grade_id"]: float(meta.get("points", 0))
        for meta in map(nbgrader_metadata, notebook.cells)
        if meta.get("grade") and meta.get("solution")
    }
