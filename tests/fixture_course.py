"""A tiny nbgrader course built in a temporary folder, for testing the grading tools
without depending on the real units."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
UNIT = "00_fixture"

SETUP = """import numpy as np
from course_lib.checks import check_close
from course_lib.quiet import quietly"""
ANSWER = '''def double(x):
    """Return 2 x for an array x of any shape."""
    ### BEGIN SOLUTION
    return 2.0 * np.asarray(x, dtype=float)
    ### END SOLUTION'''
TESTS = """with quietly():
    got = double(np.array([1.0, 2.0]))
check_close("double([1, 2])", got, np.array([2.0, 4.0]))
### BEGIN HIDDEN TESTS
with quietly():
    got = double(np.arange(6.0).reshape(2, 3))
check_close("double", got, 2 * np.arange(6.0).reshape(2, 3))
### END HIDDEN TESTS"""


def nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def fixture_notebook(answer: str = ANSWER, tests: str = TESTS) -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell("# A fixture unit"),
        nbformat.v4.new_code_cell(
            SETUP,
            metadata={
                **nbgrader("setup", grade=False, solution=False, locked=True),
                "tags": ["setup"],
            },
        ),
        nbformat.v4.new_code_cell(
            answer, metadata=nbgrader("double", grade=False, solution=True, locked=False)
        ),
        nbformat.v4.new_code_cell(
            tests,
            metadata=nbgrader("double_tests", grade=True, solution=False, locked=True, points=2),
        ),
        nbformat.v4.new_markdown_cell(
            "### BEGIN SOLUTION\nBecause doubling is linear.\n### END SOLUTION",
            metadata=nbgrader("why", grade=True, solution=True, locked=False, points=1),
        ),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    return notebook


def make_course(folder: Path, notebook: nbformat.NotebookNode | None = None) -> Path:
    """A course root in ``folder``: the repository's nbgrader config and one fixture unit."""
    shutil.copy(ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    unit_dir = folder / "solutions" / UNIT
    unit_dir.mkdir(parents=True)
    nbformat.write(notebook or fixture_notebook(), unit_dir / f"{UNIT}.ipynb")
    return folder


def fixture_class(folder: Path, students) -> Path:
    """A course root in ``folder`` where each of ``students`` submitted the solved fixture
    unit, as `course collect` files it."""
    folder.mkdir(parents=True, exist_ok=True)
    root = make_course(folder)
    for student in students:
        path = root / "submitted" / student / UNIT / f"{UNIT}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(fixture_notebook(), path)
    return root
