"""Figures of single units: the lines where they switch, truth-table points, 1-D fits.

These are the pictures of what one unit, or a sum of a few, can do: the line w . x + b = 0
where a unit switches, drawn over the data it should separate; the rows of a two-input truth
table as points; and a 1-D target beside approximations of it. They follow the conventions
of `course_lib.plotting` and take its palette.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from course_lib._validation import as_float_array, check_same_length, check_shape
from course_lib.plotting import (
    DATA_COLOUR,
    INK,
    _colour,
    _legend_beside,
    _line_look,
    _padded_box,
    _points_and_labels,
    _prepare_axes,
    _scatter_classes,
)


def _clip_line(w: np.ndarray, b: float, low: np.ndarray, high: np.ndarray) -> np.ndarray | None:
    """The ends, shape (2, 2), of the part of the line w . x + b = 0 inside the box, or None."""
    scale = np.abs(w).max()
    with np.errstate(over="ignore", invalid="ignore"):  # a huge b / scale puts the line far out
        w, b = w / scale, b / scale  # |w| now lies in [1, sqrt 2]
        point = -b * w / (w @ w)  # the point of the line closest to the origin
    if not np.all(np.isfinite(point)):
        return None
    direction = np.array([-w[1], w[0]])
    t_low, t_high = -np.inf, np.inf
    for i in range(2):
        if direction[i] == 0:
            if not low[i] <= point[i] <= high[i]:
                return None
            continue
        t1, t2 = sorted(((low[i] - point[i]) / direction[i], (high[i] - point[i]) / direction[i]))
        t_low, t_high = max(t_low, t1), min(t_high, t2)
    if not t_low < t_high:
        return None
    return point + np.outer([t_low, t_high], direction)


def plot_unit_lines(
    weights: object,
    biases: object,
    X: object,
    y: object,
    *,
    ax: Axes | None = None,
    padding: float = 0.5,
    labels: Sequence[str] | None = None,
    title: str = "Lines of single units",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
) -> Axes:
    """The lines w . x + b = 0 where single units switch, drawn over the data.

    Args:
        weights: shape (H, 2), one row per unit, or (2,) for one unit.
        biases: shape (H,), or a number for one unit.
        X: data of shape (N, 2); y: class labels of shape (N,).
        ax, title, xlabel, ylabel: as in every function of this module.
        padding: margin around the data's range; lines are cut to that box.
        labels: H legend labels; by default each line's equation, "h1: ...".

    Returns:
        The Axes drawn on.
    """
    X, classes = _points_and_labels(X, y)
    W = as_float_array("weights", weights, ndim=(1, 2), dtype=np.float64)
    check_shape("weights", W, (2,) if W.ndim == 1 else (None, 2))
    W = W.reshape(-1, 2)
    b = as_float_array("biases", biases, ndim=(0, 1), dtype=np.float64).reshape(-1)
    check_shape("biases", b, (len(W),))
    silent = np.flatnonzero(~W.any(axis=1))
    if silent.size:
        raise ValueError(f"unit {silent[0]} has weights (0, 0): w . x + b = 0 is not a line")
    if labels is None:
        labels = [
            f"h{i + 1}: {w1:.3g} $x_1$ {w2:+.3g} $x_2$ {bias:+.3g} = 0"
            for i, ((w1, w2), bias) in enumerate(zip(W, b, strict=True))
        ]
    if len(labels) != len(W):
        raise ValueError(f"labels must name each of the {len(W)} units, got {len(labels)}")
    low, high = _padded_box(X, padding)
    ax = _prepare_axes(ax, title, xlabel, ylabel)
    first_colour = int(classes.max()) + 1  # lines take the colours after the classes'
    for i, (w, bias, label) in enumerate(zip(W, b, labels, strict=True)):
        ends = _clip_line(w, bias, low, high)
        ends = np.empty((0, 2)) if ends is None else ends
        outside = " (outside the view)" if len(ends) == 0 else ""
        look = {**_line_look(i), "color": _colour(first_colour + i)}
        ax.plot(ends[:, 0], ends[:, 1], linewidth=2, label=label + outside, **look)
    _scatter_classes(ax, X, classes, "class", size=25)
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.legend(loc="best")
    return ax


def _curve(name: str, values: object, x: np.ndarray) -> np.ndarray:
    """Values of shape (N,) on the grid x: evaluates a callable, checks an array."""
    values = as_float_array(name, values(x) if callable(values) else values, ndim=(1, 2))
    values = values.reshape(-1)
    check_shape(name, values, x.shape)
    return values


def plot_function_approximation(
    x: object,
    target: object,
    approximations: Mapping[str, object],
    *,
    ax: Axes | None = None,
    data: tuple[object, object] | None = None,
    title: str = "Function approximation",
    xlabel: str = "$x$",
    ylabel: str = "$f(x)$",
) -> Axes:
    """A 1-D target curve and named approximations of it, optionally with data points.

    Args:
        x: grid of shape (N,) or (N, 1); it is sorted before drawing.
        target: values of shape (N,) or (N, 1) on x, or a function computing them.
        approximations: name -> values of shape (N,) or (N, 1), or a function; may be empty.
        ax, title, xlabel, ylabel: as in every function of this module.
        data: optional (x_data, y_data) samples, each of shape (M,) or (M, 1).

    Returns:
        The Axes drawn on.
    """
    x = as_float_array("x", x, ndim=(1, 2), dtype=np.float64).reshape(-1)
    order = np.argsort(x)
    target_curve = _curve("target", target, x)
    curves = {name: _curve(f"approximations[{name!r}]", v, x) for name, v in approximations.items()}
    if data is not None:
        x_data = as_float_array("data[0]", data[0], ndim=(1, 2)).reshape(-1)
        y_data = as_float_array("data[1]", data[1], ndim=(1, 2)).reshape(-1)
        check_same_length(("data[0]", "data[1]"), x_data, y_data)
    ax = _prepare_axes(ax, title, xlabel, ylabel)
    ax.plot(x[order], target_curve[order], color=INK, linewidth=2.5, label="target")
    for index, (name, curve) in enumerate(curves.items()):
        ax.plot(x[order], curve[order], label=name, **_line_look(index + 1))
    if data is not None:
        ax.scatter(x_data, y_data, s=15, color=DATA_COLOUR, zorder=3, label="data")
    _legend_beside(ax)
    return ax


def plot_truth_table_points(
    X: object,
    y: object,
    *,
    ax: Axes | None = None,
    title: str = "Truth table",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
) -> Axes:
    """The rows of a two-input truth table as points, marked by their output.

    Args:
        X: inputs of shape (N, 2), usually the four corners of the unit square.
        y: outputs of shape (N,), 0 and 1 (or class indices).
        ax, title, xlabel, ylabel: as in every function of this module.

    Returns:
        The Axes drawn on, square, with a margin around the points.
    """
    X, labels = _points_and_labels(X, y)
    ax = _prepare_axes(ax, title, xlabel, ylabel)
    _scatter_classes(ax, X, labels, "y =", size=200)
    low, high = _padded_box(X, 0.5)
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_aspect("equal")
    ax.legend(loc="best")
    return ax
