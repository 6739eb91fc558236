"""The command line: help, the demo job, and errors for unknown commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_lib.cli import main


def test_demo_trains_both_models_and_saves_the_figures(tmp_path, capsys):
    assert main(["demo", "--output", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "xor" in printed and "spirals" in printed
    for name in ("xor", "spirals"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
        line = next(row for row in printed.splitlines() if row.startswith(name))
        accuracy = float(line.split("accuracy")[1].split("%")[0])
        assert accuracy >= 97.0


def test_every_command_has_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    assert "--output" in capsys.readouterr().out


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
