"""What a figure shows to a reader who cannot tell its colours apart.

`figure_problems` reads a drawn matplotlib figure and names, one sentence each:

- two labelled lines, or two labelled sets of points, that differ only by colour: the same
  line style and the same marker (hollow or filled), so that in greyscale or for a
  red-green colour-blind reader the legend cannot tell them apart;
- a legend that covers data: points of a line or a scatter drawn inside the legend's box.

It checks what can be checked from the artists alone; whether ticks count whole things or a
log axis would show more is left to the author (docs/authoring.md, "Figures").

`install` makes every figure a kernel renders go through the audit first, with each
problem written to stderr as ``figure audit: ...``. The test suite installs it in the kernels
that nbval runs the source notebooks in, where any such line is an output the stored
notebook does not have, so the cell fails and the line says why.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

#: The first words of every line the installed audit writes.
PREFIX = "figure audit: "


def figure_problems(figure: Figure) -> list[str]:
    """Every problem of the figure, one sentence each; drawn first if it was not."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    problems = []
    for number, axes in enumerate(figure.axes, start=1):
        where = f"axes {number}" + (f" ({axes.get_title()!r})" if axes.get_title() else "")
        problems += [f"{where}: {problem}" for problem in _colour_only(axes)]
        legend = axes.get_legend()
        if legend is not None and legend.get_visible():
            covered = _points_under(legend, axes, renderer)
            if covered:
                problems.append(
                    f"{where}: the legend covers {covered} data point(s): move it off the data "
                    "(an empty corner, or outside the axes)"
                )
    return problems


def install() -> None:
    """Audit every figure before a canvas prints it (which is how a kernel shows it)."""
    if getattr(FigureCanvasBase.print_figure, "audited", False):
        return
    print_figure = FigureCanvasBase.print_figure

    def audited_print_figure(canvas: FigureCanvasBase, *args, **kwargs):
        for problem in figure_problems(canvas.figure):
            print(PREFIX + problem, file=sys.stderr)
        return print_figure(canvas, *args, **kwargs)

    audited_print_figure.audited = True
    FigureCanvasBase.print_figure = audited_print_figure


def _colour_only(axes: Axes) -> Iterator[str]:
    """Pairs of labelled artists whose only difference is their colour."""
    seen: dict[tuple, tuple[str, str]] = {}
    handles, labels = axes.get_legend_handles_labels()
    for handle, label in zip(handles, labels, strict=True):
        look = _look(handle)
        if look is None:
            continue
        style, colour = look
        if style in seen and seen[style][1] != colour:
            yield (
                f"{seen[style][0]!r} and {label!r} differ by colour alone: give them different "
                "line styles or markers"
            )
        seen.setdefault(style, (label, colour))


def _look(artist: object) -> tuple[tuple, str] | None:
    """(what the artist looks like in greyscale, its colour), for a line or a point set."""
    if isinstance(artist, Line2D):
        marker = str(artist.get_marker())
        line = artist.get_linestyle()
        if line in ("None", "", " ") and marker in ("None", "", " ", "none"):
            return None
        hollow = str(artist.get_markerfacecolor()).lower() == "none"
        # get_linestyle() calls every dash pattern "--"; the pattern itself tells them apart
        # (a private attribute of matplotlib's Line2D, hence the fallback).
        dashes = getattr(artist, "_unscaled_dash_pattern", None)
        return ("line", line, str(dashes), marker, hollow), to_hex(artist.get_color())
    if isinstance(artist, PathCollection) and len(artist.get_paths()):
        vertices = artist.get_paths()[0].vertices.round(3).tobytes()
        faces = artist.get_facecolors()
        hollow = len(faces) == 0 or float(faces[0][3]) == 0.0
        colours = faces if not hollow else artist.get_edgecolors()
        colour = to_hex(colours[0]) if len(colours) else "none"
        return ("points", vertices, hollow), colour
    return None


def _points_under(legend: Legend, axes: Axes, renderer) -> int:
    """How many drawn points of the axes' lines and scatters lie inside the legend's box."""
    box = legend.get_window_extent(renderer)
    inside = axes.get_window_extent(renderer)
    count = 0
    for points in _drawn_points(axes):
        points = points[np.all(np.isfinite(points), axis=1)]
        in_axes = (
            (points[:, 0] >= inside.x0)
            & (points[:, 0] <= inside.x1)
            & (points[:, 1] >= inside.y0)
            & (points[:, 1] <= inside.y1)
        )
        under = (
            (points[:, 0] > box.x0)
            & (points[:, 0] < box.x1)
            & (points[:, 1] > box.y0)
            & (points[:, 1] < box.y1)
        )
        count += int(np.count_nonzero(in_axes & under))
    return count


def _drawn_points(axes: Axes) -> Iterator[np.ndarray]:
    """The display coordinates, shape (n, 2), of each visible line's and scatter's points."""
    for line in axes.get_lines():
        if line.get_visible() and len(line.get_xydata()):
            yield line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
    for collection in axes.collections:
        if isinstance(collection, PathCollection) and collection.get_visible():
            offsets = np.asarray(collection.get_offsets(), dtype=float)
            if offsets.size:
                yield collection.get_offset_transform().transform(offsets.reshape(-1, 2))
