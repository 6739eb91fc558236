"""The command line: help, the demo job, and errors for unknown commands."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from course_lib.cli import main


def test_train_demo_trains_both_models_and_saves_the_figures(tmp_path, capsys):
    assert main(["train-demo", "--output", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "xor" in printed and "spirals" in printed
    for name in ("xor", "spirals"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
        line = next(row for row in printed.splitlines() if row.startswith(name))
        accuracy = float(line.split("accuracy")[1].split("%")[0])
        assert accuracy >= 97.0


@pytest.mark.parametrize(
    "command, option",
    [
        ("train-demo", "--output"),
        ("demo", "--jobs"),
        ("release", "--check"),
        ("execute", "UNIT"),
        ("collect", "--course-dir"),
        ("autograde", "--jobs"),
        ("feedback", "--course-dir"),
        ("export", "--course-dir"),
        ("check", "NOTEBOOK"),
    ],
)
def test_every_command_has_help(capsys, command, option):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert option in capsys.readouterr().out


def test_unknown_command_is_an_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["grade-everything"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "course_lib", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "demo" in done.stdout


def test_check_reports_each_exercise_honestly(tmp_path, capsys):
    from fixture_course import UNIT, fixture_notebook, make_course

    from course_lib.grading.release import release

    root = make_course(tmp_path)
    release(root)
    blank = root / "notebooks" / UNIT / f"{UNIT}.ipynb"
    assert main(["check", str(blank)]) == 0
    assert capsys.readouterr().out == "double: not attempted (raises NotImplementedError)\n"
    solved = tmp_path / "solved.ipynb"
    nbformat.write(fixture_notebook(), solved)
    assert main(["check", str(solved)]) == 0
    assert "double: passes the visible tests (hidden tests will also run" in capsys.readouterr().out
    wrong = fixture_notebook(answer="def double(x):\n    return 3.0 * x")
    nbformat.write(wrong, solved)
    assert main(["check", str(solved)]) == 0
    assert capsys.readouterr().out.startswith(
        "double: fails: tests: AssertionError: double([1, 2])"
    )


def test_check_of_an_unreadable_notebook_is_an_error(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert main(["check", str(broken)]) == 2
    assert "not a readable notebook" in capsys.readouterr().err


def test_check_states_the_own_work_rule_like_the_test_cells(tmp_path, capsys):
    from course_units import ROOT

    from course_lib.grading.notebook import nbgrader_metadata, read_notebook
    from course_lib.own_work import violation_message

    notebook = read_notebook(ROOT / "notebooks" / "01_perceptron" / "01_perceptron.ipynb")
    answer = next(
        cell
        for cell in notebook.cells
        if nbgrader_metadata(cell).get("grade_id") == "xor_two_layer"
    )
    answer.source = (
        "from course_lib.activations import step as heaviside\n\n\n"
        "def xor_two_layer(X):\n"
        "    hidden = heaviside(X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-0.5, 1.5]))\n"
        "    return heaviside(hidden @ np.array([1.0, 1.0]) - 1.5)\n"
    )
    path = tmp_path / "borrowing.ipynb"
    nbformat.write(notebook, path)
    assert main(["check", str(path)]) == 0
    rule = violation_message("xor_two_layer", "course_lib.activations.step")
    assert f"xor_two_layer: fails: {rule}\n" in capsys.readouterr().out
