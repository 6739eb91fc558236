"""The figure audit: lines told apart by colour alone and legends on the data are named, and
figures that read without colour pass; no text of a notebook names a colour."""

from __future__ import annotations

import re
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from course_units import UNITS, source_notebook

from course_lib.figure_audit import PREFIX, figure_problems

X = np.linspace(0.0, 1.0, 20)


@pytest.fixture
def axes():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def test_two_lines_of_one_style_and_two_colours_are_named(axes):
    axes.plot(X, X, "-", color="#D55E00", label="train")
    axes.plot(X, X**2, "-", color="#009E73", label="validation")
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    [problem] = figure_problems(axes.figure)
    assert "'train' and 'validation' differ by colour alone" in problem


@pytest.mark.parametrize(
    "second",
    [
        {"linestyle": "--"},
        {"marker": "o"},
        {"linestyle": ":", "marker": "s", "markerfacecolor": "none"},
        {"linestyle": (0, (1, 3))},
    ],
)
def test_lines_that_differ_by_style_or_marker_pass(axes, second):
    axes.plot(X, X, "-", color="#D55E00", label="train")
    axes.plot(X, X**2, color="#009E73", label="validation", **({"linestyle": "-"} | second))
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    assert figure_problems(axes.figure) == []


def test_two_lines_of_one_dash_pattern_are_named_and_two_patterns_pass(axes):
    axes.plot(X, X, linestyle=(0, (6, 2, 1, 2)), color="#D55E00", label="a")
    axes.plot(X, X**2, linestyle=(0, (6, 2, 1, 2)), color="#009E73", label="b")
    axes.plot(X, X**3, linestyle="--", color="#0072B2", label="c")
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    [problem] = figure_problems(axes.figure)
    assert "'a' and 'b' differ by colour alone" in problem


def test_point_sets_of_one_marker_in_two_colours_are_named_and_two_markers_pass(axes):
    axes.scatter([0.1], [0.9], marker="o", color="#E69F00", label="class 0")
    axes.scatter([0.2], [0.8], marker="o", color="#0072B2", label="class 1")
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    assert [
        "'class 0' and 'class 1' differ by colour alone" in p for p in figure_problems(axes.figure)
    ] == [True]
    axes.collections[1].remove()
    axes.scatter([0.2], [0.8], marker="s", color="#0072B2", label="class 1")
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    assert figure_problems(axes.figure) == []


def test_a_legend_over_the_points_is_named_and_one_beside_them_passes(axes):
    grid = np.linspace(0.0, 1.0, 11)
    xs, ys = np.meshgrid(grid, grid)
    axes.scatter(xs.ravel(), ys.ravel(), marker="o", label="points")
    axes.plot(X, X, "--", label="line")
    axes.legend(loc="center")
    [problem] = figure_problems(axes.figure)
    assert "the legend covers" in problem and "data point(s)" in problem
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    assert figure_problems(axes.figure) == []


def test_unlabelled_lines_and_a_title_are_no_problem(axes):
    axes.plot(X, X, color="#D55E00")
    axes.plot(X, X**2, color="#009E73")
    axes.set_title("two unlabelled curves")
    assert figure_problems(axes.figure) == []


AUDITED_SAVE = """
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from course_lib.figure_audit import install
install()
install()  # a second call changes nothing
figure, axes = plt.subplots()
axes.plot([0, 1], [0, 1], color="red", label="a")
axes.plot([0, 1], [1, 0], color="green", label="b")
axes.set_title(sys.argv[1])
if sys.argv[1] == "fixed":
    axes.lines[1].set_linestyle("--")
axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
figure.savefig(sys.argv[2])
"""


@pytest.mark.parametrize("case", ["broken", "fixed"])
def test_an_installed_audit_writes_each_problem_to_stderr_once(case, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", AUDITED_SAVE, case, str(tmp_path / "f.png")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (tmp_path / "f.png").exists()
    if case == "broken":
        assert (
            done.stderr == PREFIX + "axes 1 ('broken'): 'a' and 'b' differ by colour alone: "
            "give them different line styles or markers\n"
        )
    else:
        assert done.stderr == ""


#: Colour words, and the phrases where one does not name a colour.
COLOUR = re.compile(
    r"\b(red|green|orange|blue|purple|yellow|pink|brown|grey|gray|black|violet|cyan|magenta)\b",
    re.IGNORECASE,
)
NOT_A_COLOUR = ("black box",)


@pytest.mark.parametrize("unit", UNITS)
def test_no_text_of_a_notebook_names_a_colour(unit):
    for index, cell in enumerate(source_notebook(unit).cells):
        if cell.cell_type != "markdown":
            continue
        text = cell.source.lower()
        for phrase in NOT_A_COLOUR:
            text = text.replace(phrase, "")
        found = COLOUR.findall(text)
        assert not found, f"cell {index} names colours {found}: name line styles or markers"
