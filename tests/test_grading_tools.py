"""The grading tools on a fixture course: reading a notebook's structure, running one
exercise's cells, keeping student noise out of stderr, and generating the release."""

from __future__ import annotations

import os
import sys
import warnings

import nbformat
import numpy as np
import pytest
from fixture_course import UNIT, fixture_notebook, make_course

from course_lib.cli import main
from course_lib.grading.course import repository_root, units
from course_lib.grading.exercise_runner import run_exercise
from course_lib.grading.notebook import NotebookError, exercises, read_notebook, setup_source
from course_lib.grading.release import ReleaseError, refuse_leaks, release
from course_lib.quiet import quietly


def test_structure_of_a_notebook():
    notebook = fixture_notebook()
    found = exercises(notebook)
    assert list(found) == ["double"]
    assert found["double"].points == 2.0
    assert "BEGIN HIDDEN TESTS" in found["double"].tests
    assert setup_source(notebook).startswith("import numpy as np")


def test_an_exercise_without_tests_is_reported():
    notebook = fixture_notebook()
    notebook.cells[3].metadata.nbgrader.grade_id = "doubled_tests"
    with pytest.raises(NotebookError, match="exercise 'double' has no test cell 'double_tests'"):
        exercises(notebook)


@pytest.mark.parametrize(
    "content, message",
    [(None, "notebook not found"), ("{not json", "is not a readable notebook")],
)
def test_unreadable_notebooks_are_reported(tmp_path, content, message):
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_text(content)
    with pytest.raises(NotebookError, match=message):
        read_notebook(path)


@pytest.mark.parametrize(
    "answer, passed, message",
    [
        (None, True, ""),
        ("def double(x):\n    return 2 * np.asarray(x, dtype=float)", True, ""),
        ("def double(x):\n    return 3.0 * x", False, "AssertionError"),
        ("def double(x):\n    raise NotImplementedError()", False, "NotImplementedError"),
        ("def double(x) return x", False, "SyntaxError"),
        (
            "import sys\ndef double(x):\n    print('debug', file=sys.stderr)\n    return 2.0 * x",
            True,
            "",
        ),
    ],
)
def test_run_exercise(answer, passed, message, student_processes):
    result = run_exercise(fixture_notebook(), "double", answer, processes=student_processes)
    assert result.passed is passed
    assert message in result.message


def test_quietly_discards_warnings_and_stderr_at_both_levels(capfd):
    with quietly():
        warnings.warn("noisy", UserWarning, stacklevel=1)
        np.exp(np.array([1e4]))
        print("python-level", file=sys.stderr)
        os.write(2, b"fd-level\n")
        print("kept")
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == "kept\n"


def test_quietly_lets_exceptions_through():
    with pytest.raises(ZeroDivisionError), quietly():
        1 / 0  # noqa: B018


def test_release_generates_stubs_and_check_detects_staleness(tmp_path):
    root = make_course(tmp_path)
    assert units(root) == [UNIT] and repository_root(root / "solutions") == root
    [first] = release(root)
    assert first.stale and first.changed == (f"{UNIT}.ipynb",)
    student = read_notebook(root / "notebooks" / UNIT / f"{UNIT}.ipynb")
    text = "\n".join(cell.source for cell in student.cells)
    assert "raise NotImplementedError()" in text and "YOUR ANSWER HERE" in text
    assert "2.0 * np.asarray" not in text and "HIDDEN" not in text
    assert not release(root, check=True)[0].stale
    (root / "notebooks" / UNIT / f"{UNIT}.ipynb").write_text("edited by hand")
    assert release(root, check=True)[0].stale


@pytest.mark.parametrize(
    "cell, message",
    [
        (nbformat.v4.new_code_cell("x = 1  # BEGIN SOLUTION"), r"markers \['BEGIN SOLUTION'\]"),
        (nbformat.v4.new_markdown_cell("see END HIDDEN TESTS"), r"markers \[.END HIDDEN TESTS.\]"),
        (
            nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output("stream", text="1")]),
            "outputs",
        ),
    ],
)
def test_a_generated_release_that_would_leak_is_refused(tmp_path, cell, message):
    """nbgrader already strips solutions, hidden tests and outputs; this guard stands behind
    it, so a change in nbgrader cannot silently publish them."""
    folder = tmp_path / UNIT
    folder.mkdir()
    notebook = fixture_notebook()
    notebook.cells = [cell]
    nbformat.write(notebook, folder / f"{UNIT}.ipynb")
    with pytest.raises(ReleaseError, match=f"cell 0 would release {message}"):
        refuse_leaks(folder)


def test_release_rejects_unknown_units(tmp_path):
    root = make_course(tmp_path)
    with pytest.raises(ValueError, match=r"unknown unit\(s\) \['99_nothing'\]"):
        release(root, ["99_nothing"])


def test_release_command_check_exit_code(tmp_path, monkeypatch, capsys):
    root = make_course(tmp_path)
    monkeypatch.chdir(root)
    assert main(["release", "--check"]) == 1
    assert "STALE" in capsys.readouterr().out
    assert main(["release"]) == 0
    assert main(["release", "--check"]) == 0


def test_no_course_outside_a_repository(tmp_path):
    with pytest.raises(FileNotFoundError, match="no course found"):
        repository_root(tmp_path)


def test_fixture_notebook_is_valid():
    nbformat.validate(fixture_notebook())
