"""A picture of a `Value` computation graph, drawn with matplotlib alone (no Graphviz).

Inputs sit in the left column; every other value sits one column to the right of its
deepest child, so the picture reads left to right in the order the forward pass computes.
Each value is a box (label, data, grad) and each operation a small circle just left of the
value it produces, with arrows from the operation's inputs into the circle and from the
circle into its output.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from course_lib._validation import check_positive_int
from course_lib.engine import Value, topological_order

# Geometry in data units (the axes use equal aspect, so circles stay round).
_COLUMN_STEP = 3.2  # between the centres of two columns of value boxes
_ROW_STEP = 1.3  # between the centres of two boxes of one column
_BOX_WIDTH, _BOX_HEIGHT = 2.1, 1.0
_OP_RADIUS = 0.42
_INCHES_PER_UNIT = 0.55  # figure size of a new figure, so that 8-point text fits the boxes


def layered_layout(root: Value) -> dict[Value, tuple[float, float]]:
    """The centre ``(x, y)`` of every value's box in the drawing of ``root``'s graph.

    Columns come from the depth above the inputs: a computed value sits one column right of
    its deepest child. An input (a leaf) sits just left of its first use, so a constant
    added at the end does not send an arrow across the whole picture. Columns are filled
    from the root leftwards, top to bottom in the order of the mean height of the values
    each node feeds (ties kept in topological order), so most arrows stay short and
    uncrossed. The layout depends on the graph alone: it is the same at every call.
    """
    order = topological_order(root)
    consumers: dict[Value, list[Value]] = {node: [] for node in order}
    column_of: dict[Value, int] = {}
    for node in order:
        if node._prev:
            column_of[node] = 1 + max(column_of[child] for child in node._prev)
        else:  # provisional: the inputs are moved next to their first use below
            column_of[node] = 0
        for child in node._prev:
            consumers[child].append(node)
    for node in order:
        if not node._prev and consumers[node]:
            column_of[node] = min(column_of[user] for user in consumers[node]) - 1

    columns: list[list[Value]] = [[] for _ in range(column_of[root] + 1)]
    for node in order:
        columns[column_of[node]].append(node)
    position: dict[Value, tuple[float, float]] = {}

    def height_of_uses(node: Value) -> float:
        return sum(position[user][1] for user in consumers[node]) / len(consumers[node])

    for column_index in reversed(range(len(columns))):
        column = columns[column_index]
        if column_index < column_of[root]:  # the last column holds the root alone
            column.sort(key=height_of_uses, reverse=True)  # a stable sort, top row first
        for row, node in enumerate(column):
            y = ((len(column) - 1) / 2 - row) * _ROW_STEP
            position[node] = (column_index * _COLUMN_STEP, y)
    return position


def _box_text(node: Value, show_grad: bool) -> str:
    lines = [node.label] if node.label else []
    lines.append(f"data {node.data:.4g}")
    if show_grad:
        lines.append(f"grad {node.grad:.4g}")
    return "\n".join(lines)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9, lw=0.8, color="0.35")
    )


def draw_graph(
    root: Value,
    ax: Axes | None = None,
    *,
    show_grad: bool = True,
    max_nodes: int = 60,
    title: str | None = None,
) -> Axes:
    """Draw the graph of every value ``root`` depends on, inputs left, ``root`` right.

    Args:
        root: the output Value whose graph is drawn.
        ax: the Axes to draw on; by default a new figure sized to the graph. A given
            Axes should allow about 1.8 inches per column for the 8-point text to fit.
        show_grad: also print each value's ``grad`` (call ``root.backward()`` first).
        max_nodes: the largest number of values accepted; past about 30 boxes the picture
            gets crowded, and past this limit it is refused.
        title: the axes title; by default it names the root and counts the values.

    Returns:
        The Axes drawn on.

    Raises:
        TypeError: ``root`` is not a Value.
        ValueError: the graph holds more than ``max_nodes`` values.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    max_nodes = check_positive_int("max_nodes", max_nodes)
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} values, more than max_nodes={max_nodes} can show "
            "legibly: draw a smaller expression (a single neuron, say) or raise max_nodes"
        )
    position = layered_layout(root)
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    left, right = min(xs) - _BOX_WIDTH, max(xs) + _BOX_WIDTH
    bottom, top = min(ys) - _BOX_HEIGHT, max(ys) + _BOX_HEIGHT
    if ax is None:
        size = ((right - left) * _INCHES_PER_UNIT, (top - bottom) * _INCHES_PER_UNIT + 0.4)
        _, ax = plt.subplots(figsize=size)

    for node in order:
        x, y = position[node]
        box = FancyBboxPatch(
            (x - _BOX_WIDTH / 2, y - _BOX_HEIGHT / 2),
            _BOX_WIDTH,
            _BOX_HEIGHT,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor="#eef3fb",
            edgecolor="#31568c",
            zorder=2,
        )
        ax.add_patch(box)
        ax.text(x, y, _box_text(node, show_grad), ha="center", va="center", fontsize=8, zorder=3)
        if not node._prev:
            continue
        op_x = x - _COLUMN_STEP / 2
        ax.add_patch(
            Circle((op_x, y), _OP_RADIUS, facecolor="#fff4d6", edgecolor="#a0711c", zorder=2)
        )
        op_size = 7 if len(node._op) <= 4 else 5  # "sigmoid" must fit in the circle too
        ax.text(op_x, y, node._op, ha="center", va="center", fontsize=op_size, zorder=3)
        _arrow(ax, (op_x + _OP_RADIUS, y), (x - _BOX_WIDTH / 2, y))
        for child in node._prev:
            child_x, child_y = position[child]
            _arrow(ax, (child_x + _BOX_WIDTH / 2, child_y), (op_x - _OP_RADIUS, y))

    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title or f"Graph of {root.label or 'the output'} ({len(order)} values)")
    return ax
