"""Figures of the course: the palette and figure conventions, decision regions, learning curves.

The figures of single units (their lines, truth-table points, 1-D approximations) are in
`course_lib.plotting_units`, which shares the palette and helpers defined here. Every function
of both modules draws on the Axes it is given (or on a new figure when ``ax`` is None), sets
a title and axis labels that keywords override, and returns the Axes; none of them calls
``plt.show()``. Classes get the same colour and marker in every figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from course_lib._validation import (
    as_class_labels,
    as_float_array,
    check_positive_int,
    check_same_length,
    check_shape,
)

#: Colour of class k is ``CLASS_COLOURS[k % 8]`` (the Okabe-Ito palette, safe for colour
#: blindness); learning curves and approximations take the same colours in order.
CLASS_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#F0E442",
)
#: Marker of class k, so classes stay apart in print as well.
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Line style of curve k, with a marker too from the fifth curve on
#: (``CLASS_MARKERS[k - 4]``): curves stay apart in greyscale, not by their colour alone.
LINE_STYLES = ("-", "--", "-.", ":")
#: Series of at most this many points get a marker at each point.
MARKED_POINTS = 40
#: Colour of decision boundaries and of the target function.
INK = "#222222"
#: Colour of sample points that carry no class.
DATA_COLOUR = "#7F7F7F"
#: How much of a class's colour a graded probability background keeps at p = 0 or 1.
BACKGROUND_STRENGTH = 0.35
#: Opacity of filled decision regions.
REGION_ALPHA = 0.3


def _colour(k: int) -> str:
    return CLASS_COLOURS[k % len(CLASS_COLOURS)]


def _legend_beside(ax: Axes) -> None:
    """The legend to the right of the axes, off curves that may cross any part of them."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)


def _light(colour: str) -> tuple[float, float, float]:
    """``colour`` mixed with white (`BACKGROUND_STRENGTH` of it): a background that the
    points of its own class, drawn in the full colour, stand out against."""
    red, green, blue = to_rgb(colour)
    mix = BACKGROUND_STRENGTH
    return (mix * red + 1 - mix, mix * green + 1 - mix, mix * blue + 1 - mix)


def _line_look(k: int, *, marked: bool = False) -> dict[str, object]:
    """Colour, line style and marker of curve k: no two of the first 12 look alike in
    greyscale. ``marked`` puts curve k's marker (``CLASS_MARKERS[k]``) on every point."""
    look: dict[str, object] = {
        "color": _colour(k),
        "linestyle": LINE_STYLES[k % len(LINE_STYLES)],
    }
    if marked:
        look["marker"] = CLASS_MARKERS[k % len(CLASS_MARKERS)]
    elif k >= len(LINE_STYLES):
        look["marker"] = CLASS_MARKERS[(k - len(LINE_STYLES)) % len(CLASS_MARKERS)]
        look["markevery"] = 0.1
    return look


def _prepare_axes(ax: Axes | None, title: str, xlabel: str, ylabel: str) -> Axes:
    """Return ``ax`` (or the Axes of a new figure) with its title and axis labels set."""
    if ax is None:
        _, ax = plt.subplots()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _points_and_labels(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Check ``X`` of shape (N, 2) and class labels ``y`` of shape (N,)."""
    X = as_float_array("X", X, ndim=2)
    check_shape("X", X, (None, 2))
    if len(X) == 0:
        raise ValueError("X must hold at least one point, got shape (0, 2)")
    labels = as_class_labels("y", y)
    check_same_length(("X", "y"), X, labels)
    return X, labels


def _scatter_classes(ax: Axes, X: np.ndarray, labels: np.ndarray, name: str, size: float) -> None:
    """One scatter per class, each with its colour, marker and legend label."""
    for k in np.unique(labels):
        rows = labels == k
        ax.scatter(
            X[rows, 0],
            X[rows, 1],
            s=size,
            color=_colour(k),
            marker=CLASS_MARKERS[k % len(CLASS_MARKERS)],
            edgecolors=INK,
            linewidths=0.5,
            label=f"{name} {k}",
        )


def _padded_box(X: np.ndarray, padding: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper corners, each of shape (2,), of the data's range widened by padding."""
    padding = float(as_float_array("padding", padding, ndim=0))
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got {padding}")
    return X.min(axis=0) - padding, X.max(axis=0) + padding


def _predict_on_grid(
    predict: Callable[[np.ndarray], object], low: np.ndarray, high: np.ndarray, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate ``predict`` on a resolution x resolution grid spanning the box [low, high].

    Returns the grid's x1 and x2 coordinates, each of shape (R, R), and predict's output of
    shape (R * R,) or (R * R, K), checked.
    """
    grid_x1, grid_x2 = np.meshgrid(*np.linspace(low, high, resolution).T)
    grid = np.column_stack([grid_x1.ravel(), grid_x2.ravel()])
    values = as_float_array("predict(grid)", predict(grid))
    if values.ndim not in (1, 2) or len(values) != len(grid):
        raise ValueError(
            f"predict must map points of shape {grid.shape} to shape ({len(grid)},) or "
            f"({len(grid)}, K), got {values.shape}"
        )
    return grid_x1, grid_x2, values


def _region_map(values: np.ndarray, kind: str) -> tuple[np.ndarray, int, bool]:
    """Turn predict's output on M grid points into what to colour.

    Returns the (M,) values to colour, the number of classes K, and whether the values are
    probabilities of class 1 to be graded (True) rather than class indices (False). For K
    columns the value is the argmax class; for one column it is the label ("hard") or the
    probability itself ("proba", with K = 2).
    """
    if values.ndim == 2 and values.shape[1] > 1:
        return values.argmax(axis=1).astype(np.float64), values.shape[1], False
    values = values.reshape(-1)
    if kind == "proba":
        if np.any((values < 0) | (values > 1)):
            raise ValueError("kind='proba' needs predict to return probabilities in [0, 1]")
        return values, 2, True
    if np.any(values != np.round(values)) or values.min() < 0:
        raise ValueError(
            "kind='hard' needs predict to return class labels 0, 1, ...; "
            "for probabilities of class 1 pass kind='proba'"
        )
    return values, int(values.max()) + 1, False


def plot_decision_boundary(
    predict: Callable[[np.ndarray], object],
    X: object,
    y: object,
    *,
    ax: Axes | None = None,
    kind: str = "hard",
    resolution: int = 200,
    padding: float = 0.5,
    title: str = "Decision regions",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
) -> Axes:
    """Colour the plane by a classifier's prediction and scatter the data over it.

    Args:
        predict: maps points of shape (M, 2) to one of: class labels of shape (M,)
            (``kind="hard"``); probabilities of class 1 of shape (M,) or (M, 1)
            (``kind="proba"``, drawn as graded colour with the p = 0.5 contour); or scores
            of shape (M, K), whose argmax regions are drawn whatever ``kind`` is.
        X: data of shape (N, 2); y: class labels of shape (N,).
        ax: the Axes to draw on; a new figure when None.
        kind: "hard" or "proba", as above.
        resolution: grid points along each axis, at least 2.
        padding: margin added around the data's range.
        title, xlabel, ylabel: texts of the figure.

    Returns:
        The Axes drawn on.
    """
    X, labels = _points_and_labels(X, y)
    if kind not in ("hard", "proba"):
        raise ValueError(f"kind must be 'hard' or 'proba', got {kind!r}")
    resolution = check_positive_int("resolution", resolution)
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    grid_x1, grid_x2, values = _predict_on_grid(predict, *_padded_box(X, padding), resolution)
    regions, n_classes, graded = _region_map(values, kind)
    n_classes = max(n_classes, int(labels.max()) + 1)
    if graded and n_classes > 2:
        raise ValueError(
            f"kind='proba' with one column of predict needs y of 0 and 1, got {n_classes} classes"
        )
    surface = regions.reshape(grid_x1.shape)
    ax = _prepare_axes(ax, title, xlabel, ylabel)
    if graded:
        ends = [_light(_colour(0)), "white", _light(_colour(1))]
        colours = LinearSegmentedColormap.from_list("proba", ends)
        filled = ax.contourf(grid_x1, grid_x2, surface, levels=np.linspace(0, 1, 11), cmap=colours)
        ax.figure.colorbar(filled, ax=ax, label="P(class 1)")
        boundaries = np.array([0.5])
    else:
        levels = np.arange(n_classes + 1) - 0.5
        ax.contourf(
            grid_x1,
            grid_x2,
            surface,
            levels=levels,
            colors=[_colour(k) for k in range(n_classes)],
            alpha=REGION_ALPHA,
        )
        boundaries = levels[1:-1]
    _scatter_classes(ax, X, labels, "class", size=25)
    handles, _ = ax.get_legend_handles_labels()
    boundaries = boundaries[(boundaries > surface.min()) & (boundaries < surface.max())]
    if boundaries.size:  # a classifier that never changes its mind has no boundary
        ax.contour(grid_x1, grid_x2, surface, levels=boundaries, colors=INK, linewidths=1.5)
        boundary_label = "p = 0.5" if graded else "decision boundary"
        handles.append(Line2D([], [], color=INK, linewidth=1.5, label=boundary_label))
    ax.legend(handles=handles, loc="best")
    return ax


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    *,
    ax: Axes | None = None,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    logy: bool = False,
    counts: bool = False,
    title: str = "Learning curves",
) -> Axes:
    """Several learning curves on one Axes, against 1, 2, ... (entry i is epoch i + 1).

    Each curve has its own line style (`LINE_STYLES`) as well as its colour, and a marker
    at each point when no curve is longer than `MARKED_POINTS`; the epoch axis has integer
    ticks, and the legend sits to the right of the axes.

    Args:
        curves: name -> sequence of values; empty sequences are left out (such as the
            ``val_loss`` of a run without validation data). NaN and inf show as gaps.
        ax, xlabel, ylabel, title: as in every function of this module.
        logy: use a logarithmic y axis; then every value must be positive.
        counts: the values count things (mistakes, updates): integer ticks on the y axis.

    Returns:
        The Axes drawn on.
    """
    arrays = {
        name: as_float_array(f"curves[{name!r}]", v, ndim=1, allow_nan=True)
        for name, v in curves.items()
    }
    arrays = {name: values for name, values in arrays.items() if values.size}
    if not arrays:
        raise ValueError("curves must hold at least one non-empty sequence")
    for name, values in arrays.items():
        if logy and np.any(values <= 0):
            raise ValueError(f"logy=True needs positive values, but curves[{name!r}] has some <= 0")
    ax = _prepare_axes(ax, title, xlabel, ylabel)
    marked = max(values.size for values in arrays.values()) <= MARKED_POINTS
    for index, (name, values) in enumerate(arrays.items()):
        look = _line_look(index, marked=marked)
        ax.plot(np.arange(1, values.size + 1), values, label=name, **look)
    if logy:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if counts:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _legend_beside(ax)
    return ax
