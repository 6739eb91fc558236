"""Figures of single units: each draws the lines, curves and points it promises, with their
legend entries, and refuses bad input by naming the argument before drawing anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from test_plotting import close_figures, legend_texts, scatters  # noqa: F401 (autouse fixture)

from course_lib.datasets import logic_gate
from course_lib.figure_audit import figure_problems
from course_lib.plotting_units import (
    plot_function_approximation,
    plot_truth_table_points,
    plot_unit_lines,
)
from course_lib.targets import lecture_target

# --- lines of single units ----------------------------------------------------------------

XOR_INPUTS, XOR_TARGETS = logic_gate("XOR")


def test_each_unit_line_lies_on_w_dot_x_plus_b_equals_zero_inside_the_box():
    W, b = np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([-0.5, 1.5])
    ax = plot_unit_lines(W, b, XOR_INPUTS, XOR_TARGETS)
    lines = ax.get_lines()
    assert len(lines) == 2 and len(scatters(ax)) == 2
    for line, w, bias in zip(lines, W, b, strict=True):
        ends = np.column_stack([line.get_xdata(), line.get_ydata()])
        np.testing.assert_allclose(ends @ w + bias, 0.0, atol=1e-12)
        assert np.all(ends >= -0.5 - 1e-12) and np.all(ends <= 1.5 + 1e-12)
    assert legend_texts(ax)[0] == "h1: 1 $x_1$ +1 $x_2$ -0.5 = 0"
    assert ax.get_xlim() == (-0.5, 1.5) and ax.get_ylim() == (-0.5, 1.5)


def test_a_vertical_line_spans_the_box_from_bottom_to_top():
    ax = plot_unit_lines([2.0, 0.0], -1.0, XOR_INPUTS, XOR_TARGETS, labels=["x1 = 0.5"])
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_xdata(), [0.5, 0.5])
    np.testing.assert_allclose(sorted(line.get_ydata()), [-0.5, 1.5])
    assert legend_texts(ax)[0] == "x1 = 0.5"


def test_a_line_beyond_the_data_is_drawn_empty_and_says_so():
    ax = plot_unit_lines([[1e-300, 1e-300]], [1e308], XOR_INPUTS, XOR_TARGETS)
    (line,) = ax.get_lines()
    assert len(line.get_xdata()) == 0 and legend_texts(ax)[0].endswith("(outside the view)")


@pytest.mark.parametrize(
    ("weights", "biases", "error", "message"),
    [
        ([[1.0, 1.0], [0.0, 0.0]], [0.0, 1.0], ValueError, r"unit 1 has weights \(0, 0\)"),
        ([1.0, 1.0, 1.0], 0.0, ValueError, r"weights must have shape \(2,\)"),
        ([[1.0, 1.0]], [0.0, 1.0], ValueError, r"biases must have shape \(1,\)"),
        ([["a", "b"]], [0.0], TypeError, "weights must hold real numbers"),
    ],
)
def test_unit_lines_reject_bad_weights_by_name(weights, biases, error, message):
    with pytest.raises(error, match=message):
        plot_unit_lines(weights, biases, XOR_INPUTS, XOR_TARGETS)
    assert plt.get_fignums() == []


def test_unit_lines_need_one_label_per_unit():
    with pytest.raises(ValueError, match="labels must name each of the 1 units, got 2"):
        plot_unit_lines([1.0, 1.0], 0.0, XOR_INPUTS, XOR_TARGETS, labels=["a", "b"])


# --- function approximation ---------------------------------------------------------------


def test_target_approximations_and_data_each_get_an_artist_and_a_legend_entry():
    x = np.linspace(0.0, 1.0, 50)[::-1].reshape(-1, 1)  # unsorted on purpose
    approximations = {"steps": np.round(lecture_target(x) * 10) / 10, "zero": np.zeros_like}
    ax = plot_function_approximation(
        x, lecture_target, approximations, data=(x[::5], lecture_target(x[::5]))
    )
    target, steps, zero = ax.get_lines()
    np.testing.assert_array_equal(target.get_xdata(), np.linspace(0.0, 1.0, 50))
    np.testing.assert_allclose(target.get_ydata(), lecture_target(np.linspace(0.0, 1.0, 50)))
    np.testing.assert_array_equal(steps.get_ydata(), approximations["steps"][::-1, 0])
    np.testing.assert_array_equal(zero.get_ydata(), 0.0)
    assert len(scatters(ax)[0].get_offsets()) == 10
    assert legend_texts(ax) == ["target", "steps", "zero", "data"]
    assert (ax.get_title(), ax.get_xlabel()) == ("Function approximation", "$x$")


def test_unit_lines_and_approximations_read_without_colour():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    lines = plot_unit_lines(np.array([[1.0, 1.0], [-1.0, -1.0]]), [-0.5, 1.5], X, [0, 1, 1, 0])
    x = np.linspace(0.0, 1.0, 50)
    fits = plot_function_approximation(x, np.sin, {f"fit {k}": np.sin(x) + k for k in range(5)})
    for ax in (lines, fits):
        assert [p for p in figure_problems(ax.figure) if "differ by colour alone" in p] == []
        plt.close(ax.figure)


def test_function_approximation_without_approximations_or_data_shows_the_target():
    ax = plot_function_approximation([0.0, 0.5, 1.0], [1.0, 2.0, 3.0], {}, title="f")
    assert len(ax.get_lines()) == 1 and scatters(ax) == [] and ax.get_title() == "f"


@pytest.mark.parametrize(
    ("approximations", "data", "message"),
    [
        ({"short": [1.0, 2.0]}, None, r"approximations\['short'\] must have shape \(3,\)"),
        ({}, ([0.0, 1.0], [0.0]), r"data\[0\] and data\[1\] must have the same number of rows"),
    ],
)
def test_function_approximation_rejects_mismatched_lengths(approximations, data, message):
    with pytest.raises(ValueError, match=message):
        plot_function_approximation([0.0, 0.5, 1.0], np.sin, approximations, data=data)
    assert plt.get_fignums() == []


# --- truth table points -------------------------------------------------------------------


def test_xor_points_are_two_classes_of_two_opposite_corners():
    ax = plot_truth_table_points(XOR_INPUTS, XOR_TARGETS)
    zeros, ones = scatters(ax)
    np.testing.assert_array_equal(zeros.get_offsets(), [[0, 0], [1, 1]])
    np.testing.assert_array_equal(ones.get_offsets(), [[0, 1], [1, 0]])
    assert zeros.get_paths()[0] != ones.get_paths()[0]  # different markers
    assert legend_texts(ax) == ["y = 0", "y = 1"]
    assert ax.get_title() == "Truth table" and ax.get_aspect() == 1.0


def test_truth_table_points_reject_inputs_that_are_not_pairs():
    X, y = logic_gate("AND", n_inputs=3)
    with pytest.raises(ValueError, match=r"X must have shape \(any, 2\), got \(8, 3\)"):
        plot_truth_table_points(X, y)
