"""The results as a markdown table, a figure and raw JSON, and the README's copy of the table."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import asdict
from pathlib import Path

from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from benchmarks.rows import Row

README_START = "<!-- benchmarks:start (written by make bench) -->"
README_END = "<!-- benchmarks:end -->"
FIGURE_NAME = "results.png"
OURS_COLOUR, REFERENCE_COLOUR = "#1f77b4", "#ff7f0e"


def write_json(path: Path, environment: dict[str, str], rows: list[Row]) -> None:
    payload = {"environment": environment, "rows": [asdict(row) for row in rows]}
    path.write_text(json.dumps(payload, indent=1) + "\n")


def read_json(path: Path) -> tuple[dict[str, str], list[Row]]:
    """What `write_json` wrote: the environment and the rows."""
    payload = json.loads(path.read_text())
    return payload["environment"], [Row(**row) for row in payload["rows"]]


def with_earlier_rows(
    environment: dict[str, str], rows: list[Row], earlier: Path
) -> tuple[dict[str, str], list[Row]]:
    """``rows`` after the rows of ``earlier`` (a results.json) whose groups were not measured
    now, and the environment saying where those come from; unchanged if there is no file."""
    if not earlier.is_file():
        return environment, rows
    before, old_rows = read_json(earlier)
    measured = {row.group for row in rows}
    kept = [row for row in old_rows if row.group not in measured]
    if not kept:
        return environment, rows
    groups = ", ".join(dict.fromkeys(row.group for row in kept))
    note = f"{groups}: from the run of {before.get('date', 'an earlier date')}"
    return {**environment, "earlier rows": note}, kept + rows


def markdown(
    environment: dict[str, str], rows: list[Row], *, quick: bool, warning: str | None = None
) -> str:
    """The environment, one table per group, then the targets, skipped and failed rows;
    ``warning`` (a busy machine) goes in bold at the top."""
    lines = [
        "Written by `make bench` (`python -m benchmarks`). Each value is a median over rounds "
        "in which course_lib and the reference library take turns, with a pause before each "
        "block of calls; a ratio is course_lib / reference, the median of the per-round "
        "ratios (below 1: course_lib is faster).",
        "",
    ]
    if quick:
        lines += ["**Quick run (`--quick`): the numbers are rough.**", ""]
    if warning:
        lines += [f"**{warning}**", ""]
    lines += ["| setting | value |", "| --- | --- |"]
    lines += [f"| {name} | {_cell(value)} |" for name, value in environment.items()]
    for group in dict.fromkeys(row.group for row in rows):
        members = [row for row in rows if row.group == group]
        references = sorted({row.reference_name for row in members if row.reference_name})
        lines += [
            "",
            f"### {group}",
            "",
            f"| case | unit | course_lib | {' / '.join(references) or 'reference'} | ratio "
            "| target | met | note |",
            "| --- | --- | ---: | ---: | ---: | --- | --- | --- |",
        ]
        lines += [_table_line(row) for row in members]
    lines += ["", *_summary(rows)]
    return "\n".join(lines) + "\n"


def _table_line(row: Row) -> str:
    met = {True: "yes", False: "**no**", None: ""}[row.met]
    cells = [
        row.case,
        row.unit,
        _number(row.ours),
        _number(row.reference),
        _number(row.ratio),
        row.target,
        met,
        row.note,
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _summary(rows: list[Row]) -> list[str]:
    judged = [row for row in rows if row.met is not None]
    missed = [row for row in judged if not row.met]
    skipped = [row for row in rows if row.note.startswith("skipped")]
    partly = [row for row in rows if "skipped:" in row.note and row not in skipped]
    lines = [f"Targets met: {len(judged) - len(missed)} of {len(judged)}."]
    lines += [f"- missed: {row.group}, {row.case} ({row.target})" for row in missed]
    if skipped or partly:
        lines += ["", "Skipped:"]
        lines += [f"- {row.group}, {row.case}: {row.note}" for row in skipped + partly]
    failed = [row for row in rows if row.note.startswith("failed")]
    if failed:
        lines += ["", "Failed:"]
        lines += [f"- {row.group}, {row.case}: {row.note}" for row in failed]
    return lines


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def update_readme(readme: Path, table: str, figure: Path) -> bool:
    """Replace the text between `README_START` and `README_END` with the table and the
    figure; False (and nothing written) when the README has no such markers."""
    text = readme.read_text()
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.DOTALL)
    if not pattern.search(text):
        return False
    link = figure.relative_to(readme.parent).as_posix()
    block = f"{README_START}\n![benchmark results]({link})\n\n{table}{README_END}"
    readme.write_text(pattern.sub(lambda _: block, text))
    return True


def figure(path: Path, rows: list[Row]) -> None:
    """Four panels: the MLP step, the Value engine, the gradient checker, the notebooks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # after choosing the backend, which needs no display

    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    _bars(axes[0, 0], rows, "MLP training step", "time per step (us), log scale")
    _engine(axes[0, 1], rows)
    _bars(axes[1, 0], rows, "Gradient checker", "seconds, log scale")
    _bars(axes[1, 1], rows, "Notebooks", "seconds (to execute; per student to grade), log scale")
    fig.suptitle("course_lib against torch and micrograd (medians; lower is faster)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _bars(ax, rows: list[Row], group: str, xlabel: str) -> None:
    """Horizontal bars, course_lib beside the reference, the ratio written at the end."""
    members = [row for row in rows if row.group == group]
    ax.set_title(group)
    if not members:
        _empty(ax, "not measured")
        return
    height = 0.38
    for index, row in enumerate(members):
        y = -index
        if row.ours is not None:
            ax.barh(y + height / 2, row.ours, height, color=OURS_COLOUR)
        if row.reference is not None:
            ax.barh(y - height / 2, row.reference, height, color=REFERENCE_COLOUR)
        label = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        if row.ours is None:
            label = row.note
        if label and (row.ours or row.reference):
            ax.annotate(
                label,
                (max(row.ours or 0, row.reference or 0), y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        elif label:
            ax.text(0.02, y, label, transform=ax.get_yaxis_transform(), va="center", fontsize=8)
    ax.set_yticks(
        [-i for i in range(len(members))], [textwrap.fill(row.case, 34) for row in members]
    )
    ax.set_ylim(-len(members) + 0.4, 0.6)
    ax.tick_params(axis="y", labelsize=8)
    if any(row.ours or row.reference for row in members):
        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(xlabel)
    names = sorted({row.reference_name for row in members if row.reference_name})
    handles = [_patch(OURS_COLOUR, "course_lib")]
    handles += [_patch(REFERENCE_COLOUR, " / ".join(names))] if names else []
    ax.legend(handles=handles, fontsize=8, loc="best")
    ax.margins(x=0.25)


def _engine(ax, rows: list[Row]) -> None:
    """ns per node against the number of nodes, both engines, chains and the demo step."""
    ax.set_title("Value engine")
    chains = [row for row in rows if row.group == "Value engine" and row.case.startswith("chain")]
    demo = [row for row in rows if row.group == "Value engine" and row.case.startswith("demo")]
    if not chains:
        _empty(ax, "not measured")
        return
    sizes = [_nodes(row.case) for row in chains]
    ax.plot(sizes, [row.ours for row in chains], "o-", color=OURS_COLOUR, label="course_lib")
    theirs = [(n, row.reference) for n, row in zip(sizes, chains, strict=True) if row.reference]
    if theirs:
        ax.plot(*zip(*theirs, strict=True), "s-", color=REFERENCE_COLOUR, label="micrograd")
    for row in demo:
        n = _nodes(row.case)
        ax.plot([n], [row.ours], "*", ms=12, color=OURS_COLOUR, label="course_lib, demo step")
        if row.reference is not None:
            ax.plot(
                [n], [row.reference], "*", ms=12, color=REFERENCE_COLOUR, label="micrograd, demo"
            )
    ax.axhline(1500, ls="--", color="grey", lw=1, label="target 1,500 ns")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.margins(x=0.1, y=0.15)
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("nodes in the graph")
    ax.set_ylabel("ns per node (build + backward)")
    ax.legend(fontsize=8, loc="upper left")


def _nodes(case: str) -> int:
    """The node count written in a case name ("chain of 1,000 nodes", "..., 68,818 nodes")."""
    return int(re.findall(r"([\d,]+) nodes", case)[-1].replace(",", ""))


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _patch(colour: str, label: str) -> Patch:
    return Patch(color=colour, label=label)
