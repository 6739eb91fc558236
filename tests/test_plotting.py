"""Figures: each function draws the artists it promises (regions, lines, points, legend
entries, texts), on the Axes it is given or on one new figure, and refuses bad input by
naming the argument before drawing anything. The figures of single units are specified in
test_plotting_units, which shares the helpers below."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet

from course_lib.datasets import spirals, xor_blobs
from course_lib.figure_audit import figure_problems
from course_lib.plotting import (
    CLASS_COLOURS,
    plot_curves,
    plot_decision_boundary,
)


@pytest.fixture(autouse=True)
def close_figures():
    """Start and end every test with no open figure."""
    plt.close("all")
    yield
    plt.close("all")


def legend_texts(ax) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def scatters(ax) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def contour_sets(ax, filled: bool) -> list[ContourSet]:
    return [c for c in ax.collections if isinstance(c, ContourSet) and c.filled == filled]


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


def xor_probability(points: np.ndarray) -> np.ndarray:
    """P(class 1) for the XOR blobs: high where the two coordinates have opposite signs."""
    return sigmoid(-points[:, 0] * points[:, 1])


def three_sectors(points: np.ndarray) -> np.ndarray:
    """Scores of shape (M, 3): class k wins in the sector around angle 2 pi k / 3."""
    angle = np.arctan2(points[:, 1], points[:, 0])
    return np.column_stack([np.cos(angle - 2 * np.pi * k / 3) for k in range(3)])


XOR_X, XOR_Y = xor_blobs(10, rng=0)
SPIRAL_X, SPIRAL_Y = spirals(10, 3, rng=0)


# --- decision boundaries ------------------------------------------------------------------


def test_hard_binary_regions_with_boundary_points_and_legend():
    ax = plot_decision_boundary(
        lambda p: (xor_probability(p) > 0.5).astype(float), XOR_X, XOR_Y, resolution=40
    )
    assert len(contour_sets(ax, filled=True)) == 1
    assert len(contour_sets(ax, filled=False)) == 1
    assert [len(s.get_offsets()) for s in scatters(ax)] == [20, 20]
    assert legend_texts(ax) == ["class 0", "class 1", "decision boundary"]
    assert ax.get_title() == "Decision regions"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$", "$x_2$")


def test_probability_regions_draw_the_half_contour_and_a_colour_bar():
    ax = plot_decision_boundary(xor_probability, XOR_X, XOR_Y, kind="proba", resolution=40)
    (line,) = contour_sets(ax, filled=False)
    np.testing.assert_array_equal(line.levels, [0.5])
    assert legend_texts(ax) == ["class 0", "class 1", "p = 0.5"]
    assert len(ax.figure.axes) == 2  # the plot and its colour bar


def contrast_ratio(first, second) -> float:
    """WCAG's contrast ratio of two RGB(A) colours, from 1 (the same) to 21."""

    def luminance(rgb):
        channels = np.asarray(rgb, dtype=float)[:3]
        linear = np.where(
            channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4
        )
        return float(np.dot(linear, [0.2126, 0.7152, 0.0722]))

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_points_stand_out_against_the_probability_background_of_their_own_class():
    # The full class colour as the background at p = 0 and 1 gave a ratio of 1: the orange
    # squares of class 1 vanished into it.
    ax = plot_decision_boundary(xor_probability, XOR_X, XOR_Y, kind="proba", resolution=40)
    (filled,) = contour_sets(ax, filled=True)
    for k, end in ((0, 0.0), (1, 1.0)):
        point = scatters(ax)[k].get_facecolor()[0]
        assert contrast_ratio(filled.get_cmap()(end), point) >= 1.5, k


def test_probabilities_of_shape_m_by_1_count_as_binary():
    ax = plot_decision_boundary(
        lambda p: xor_probability(p)[:, None], XOR_X, XOR_Y, kind="proba", resolution=20
    )
    assert legend_texts(ax)[-1] == "p = 0.5"


@pytest.mark.parametrize("kind", ["hard", "proba"])
def test_three_class_scores_give_three_argmax_regions(kind):
    ax = plot_decision_boundary(three_sectors, SPIRAL_X, SPIRAL_Y, kind=kind, resolution=40)
    (regions,) = contour_sets(ax, filled=True)
    np.testing.assert_array_equal(regions.levels, [-0.5, 0.5, 1.5, 2.5])
    np.testing.assert_array_equal(contour_sets(ax, filled=False)[0].levels, [0.5, 1.5])
    assert legend_texts(ax) == ["class 0", "class 1", "class 2", "decision boundary"]


def test_three_class_hard_labels_give_three_regions():
    ax = plot_decision_boundary(
        lambda p: three_sectors(p).argmax(axis=1), SPIRAL_X, SPIRAL_Y, resolution=40
    )
    assert len(contour_sets(ax, filled=True)[0].levels) == 4


def test_points_take_the_colour_of_their_class():
    ax = plot_decision_boundary(three_sectors, SPIRAL_X, SPIRAL_Y, resolution=10)
    for k, points in enumerate(scatters(ax)):
        np.testing.assert_allclose(
            points.get_facecolor()[0], matplotlib.colors.to_rgba(CLASS_COLOURS[k])
        )


def test_a_classifier_that_never_changes_its_mind_draws_no_boundary_line():
    ax = plot_decision_boundary(lambda p: np.zeros(len(p)), XOR_X, XOR_Y, resolution=20)
    assert contour_sets(ax, filled=False) == []
    assert legend_texts(ax) == ["class 0", "class 1"]


def test_draws_on_the_given_axes_and_honours_the_texts():
    figure, given_ax = plt.subplots()
    ax = plot_decision_boundary(
        three_sectors, SPIRAL_X, SPIRAL_Y, ax=given_ax, resolution=10, title="T", xlabel="a"
    )
    assert ax is given_ax and plt.get_fignums() == [figure.number]
    assert (ax.get_title(), ax.get_xlabel()) == ("T", "a")


def test_same_call_draws_the_same_picture():
    def render() -> bytes:
        ax = plot_decision_boundary(xor_probability, XOR_X, XOR_Y, kind="proba", resolution=30)
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", metadata={"Software": None})
        plt.close(ax.figure)
        return buffer.getvalue()

    assert render() == render()


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.zeros((4, 3)), np.zeros(4), r"X must have shape \(any, 2\), got \(4, 3\)"),
        (np.zeros(4), np.zeros(4), "X must be 2-D"),
        (np.zeros((4, 2)), np.zeros(3), "X and y must have the same number of rows"),
        (np.zeros((0, 2)), np.zeros(0), "X must hold at least one point"),
    ],
)
def test_decision_boundary_rejects_bad_data_before_drawing(X, y, message):
    with pytest.raises(ValueError, match=message):
        plot_decision_boundary(xor_probability, X, y)
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("predict", "kind", "message"),
    [
        (xor_probability, "soft", "kind must be 'hard' or 'proba'"),
        (lambda p: p[:5, 0], "hard", r"predict must map points of shape \(400, 2\)"),
        (xor_probability, "hard", "pass kind='proba'"),
        (lambda p: 2 * xor_probability(p), "proba", r"probabilities in \[0, 1\]"),
    ],
)
def test_decision_boundary_rejects_bad_predict_output(predict, kind, message):
    with pytest.raises(ValueError, match=message):
        plot_decision_boundary(predict, XOR_X, XOR_Y, kind=kind, resolution=20)
    assert plt.get_fignums() == []


def test_binary_probabilities_cannot_colour_three_classes():
    with pytest.raises(ValueError, match="needs y of 0 and 1, got 3 classes"):
        plot_decision_boundary(xor_probability, SPIRAL_X, SPIRAL_Y, kind="proba", resolution=10)


# --- learning curves ----------------------------------------------------------------------


def test_one_line_per_curve_against_epochs_from_one():
    ax = plot_curves({"train": [3.0, 2.0, 1.0], "validation": [3.5, 2.5, 2.0], "none": []})
    assert [line.get_label() for line in ax.get_lines()] == ["train", "validation"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [3.5, 2.5, 2.0])
    assert legend_texts(ax) == ["train", "validation"]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "Learning curves",
        "epoch",
        "loss",
    )
    assert ax.get_yscale() == "linear"


@pytest.mark.parametrize("length", [5, 200])
def test_curves_differ_by_style_not_by_colour_alone_and_short_ones_are_marked(length):
    curves = {f"run {k}": np.linspace(1.0, 0.1 * (k + 1), length) for k in range(9)}
    ax = plot_curves(curves, title="nine runs")
    assert figure_problems(ax.figure) == []
    markers = [line.get_marker() for line in ax.get_lines()]
    assert all(marker not in ("None", None, "") for marker in markers) == (length == 5)
    plt.close(ax.figure)


def test_the_legend_of_curves_sits_beside_the_axes_not_on_them():
    ax = plot_curves({"train": np.linspace(1.0, 0.0, 50), "validation": np.ones(50)})
    renderer = ax.figure.canvas.get_renderer()
    legend_box = ax.get_legend().get_window_extent(renderer)
    assert legend_box.x0 >= ax.get_window_extent(renderer).x1
    plt.close(ax.figure)


def test_counted_curves_get_integer_ticks_on_both_axes():
    ax = plot_curves({"XOR": [4, 4, 4, 4, 4], "OR": [2, 1, 0]}, counts=True)
    ax.figure.canvas.draw()
    for axis in (ax.xaxis, ax.yaxis):
        ticks = [tick for tick in axis.get_majorticklocs() if np.isfinite(tick)]
        assert ticks and all(float(tick).is_integer() for tick in ticks)
    plt.close(ax.figure)


def test_logarithmic_curves_accept_a_diverged_run():
    ax = plot_curves({"too large a rate": [1.0, 10.0, np.inf, np.nan]}, logy=True, ylabel="L")
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "L"


def test_logarithmic_curves_need_positive_values():
    with pytest.raises(ValueError, match=r"curves\['train'\] has some <= 0"):
        plot_curves({"train": [1.0, 0.0]}, logy=True)


@pytest.mark.parametrize(
    ("curves", "message"),
    [
        ({}, "at least one non-empty"),
        ({"a": []}, "at least one non-empty"),
        ({"a": [[1.0]]}, "1-D"),
    ],
)
def test_curves_reject_nothing_to_draw_and_bad_shapes(curves, message):
    with pytest.raises(ValueError, match=message):
        plot_curves(curves)
    assert plt.get_fignums() == []
