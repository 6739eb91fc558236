"""Specification of `course_lib.graph_drawing`: a Value graph drawn with matplotlib alone."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from course_lib.engine import Value, topological_order
from course_lib.graph_drawing import draw_graph, layered_layout


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """Every test must close what it opens: no figure may outlive it."""
    yield
    open_figures = plt.get_fignums()
    plt.close("all")
    assert open_figures == []


def neuron() -> Value:
    """tanh(x1 w1 + x2 w2 + b), labelled, after backward."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "out"
    out.backward()
    return out


def drawn_texts(ax) -> str:
    return "\n".join(text.get_text() for text in ax.texts)


def test_every_value_and_gradient_is_written_in_its_box():
    out = neuron()
    ax = draw_graph(out)
    texts = drawn_texts(ax)
    for node in topological_order(out):
        assert f"data {node.data:.4g}" in texts
        assert f"grad {node.grad:.4g}" in texts
    for label in ("x1", "x2", "w1", "w2", "b", "out"):
        assert label in texts
    plt.close(ax.figure)


def test_show_grad_false_leaves_the_gradients_out():
    ax = draw_graph(neuron(), show_grad=False)
    assert "grad" not in drawn_texts(ax)
    assert "data 0.7071" in drawn_texts(ax)
    plt.close(ax.figure)


def test_one_box_per_value_one_circle_per_operation_one_arrow_per_edge():
    out = neuron()
    nodes = topological_order(out)
    ax = draw_graph(out)
    operations = [node for node in nodes if node._prev]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(circles) == len(operations)
    assert len(arrows) == sum(len(node._prev) for node in operations) + len(operations)
    operation_texts = [t.get_text() for t in ax.texts if "data" not in t.get_text()]
    assert sorted(operation_texts) == sorted(node._op for node in operations)
    plt.close(ax.figure)


def test_layout_runs_left_to_right_and_is_deterministic():
    out = neuron()
    position = layered_layout(out)
    for node in topological_order(out):
        for child in node._prev:
            assert position[child][0] < position[node][0]
    assert max(x for x, _ in position.values()) == position[out][0]
    assert layered_layout(out) == position
    first, second = draw_graph(out), draw_graph(out)
    assert [(t.get_position(), t.get_text()) for t in first.texts] == [
        (t.get_position(), t.get_text()) for t in second.texts
    ]
    plt.close(first.figure)
    plt.close(second.figure)


def test_boxes_of_one_column_do_not_overlap():
    out = neuron()
    position = layered_layout(out)
    centres = sorted(position.values())
    for (x1, y1), (x2, y2) in itertools.pairwise(centres):
        assert x1 != x2 or abs(y1 - y2) >= 1.0


def test_draws_on_a_given_axes_without_opening_a_figure():
    fig, ax = plt.subplots()
    assert draw_graph(neuron(), ax) is ax
    assert plt.get_fignums() == [fig.number]
    assert ax.get_title() and ax.get_xticks().size == 0 and ax.get_yticks().size == 0
    plt.close(fig)


def test_many_drawings_closed_one_by_one_raise_no_too_many_figures_warning():
    for _ in range(25):
        plt.close(draw_graph(neuron()).figure)


def test_a_thirty_node_graph_is_drawn_and_a_bigger_one_refused():
    x = Value(0.5, label="x")
    y = x
    while len(topological_order(y)) < 29:
        y = (y * 0.9).tanh()
    y.backward()
    plt.close(draw_graph(y).figure)
    for _ in range(40):
        y = y + x
    with pytest.raises(ValueError, match="smaller expression"):
        draw_graph(y)
    with pytest.raises(ValueError, match="10 values, more than max_nodes=9"):
        draw_graph(neuron(), max_nodes=9)
    plt.close(draw_graph(neuron(), max_nodes=10).figure)


def test_bad_arguments():
    with pytest.raises(TypeError, match="float"):
        draw_graph(1.5)
    with pytest.raises(ValueError, match="max_nodes"):
        draw_graph(neuron(), max_nodes=0)


def test_title_names_the_output_unless_given():
    ax = draw_graph(neuron())
    assert "out" in ax.get_title()
    plt.close(ax.figure)
    ax = draw_graph(neuron(), title="One neuron")
    assert ax.get_title() == "One neuron"
    plt.close(ax.figure)
