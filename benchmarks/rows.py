"""One line of the results table, and the targets a line is held to."""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks import timing


@dataclass
class Row:
    """A measurement of ``course_lib`` (``ours``), beside a reference library where there is
    one, in ``unit`` (``"us per step"``, ``"ns per node"``, ``"s"``).

    ``ratio`` is ``ours / reference`` (below 1: ours is faster), the median of per-round
    ratios. ``target`` says what the issue asks of the row and ``met`` whether it holds
    (None: no target, or nothing to judge). ``note`` says what was skipped or checked.
    ``samples`` keeps every per-round value, by contender, for the raw results.
    """

    group: str
    case: str
    unit: str
    ours: float | None = None
    reference: float | None = None
    reference_name: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


def compared(
    group: str,
    case: str,
    unit: str,
    scale: float,
    samples: dict[str, list[float]],
    reference_name: str,
) -> Row:
    """A row from `timing.interleaved` samples of ``"ours"`` and ``reference_name`` (when
    present), in seconds; ``scale`` converts a median to ``unit`` (1e6 for microseconds)."""
    ours = samples["ours"]
    row = Row(group, case, unit, ours=timing.median(ours) * scale, samples=samples)
    if reference_name in samples:
        theirs = samples[reference_name]
        row.reference = timing.median(theirs) * scale
        row.reference_name = reference_name
        row.ratio = timing.paired_ratio(ours, theirs)
    return row


def ratio_at_most(row: Row, bound: float) -> Row:
    """Target: ``ours / reference <= bound``."""
    row.target = f"ratio <= {bound:g}"
    row.met = None if row.ratio is None else row.ratio <= bound
    return row


def faster_by_at_least(row: Row, factor: float) -> Row:
    """Target: ours at least ``factor`` times faster than the reference."""
    row.target = f">= {factor:g}x faster"
    row.met = None if row.ratio is None else row.ratio <= 1.0 / factor
    return row


def ours_at_most(row: Row, bound: float, what: str) -> Row:
    """Target: our value itself at most ``bound`` (in the row's unit), named ``what``."""
    row.target = what
    row.met = None if row.ours is None else row.ours <= bound
    return row


def skipped(group: str, case: str, unit: str, reason: str) -> Row:
    """A row that was not measured, saying why."""
    return Row(group, case, unit, note=f"skipped: {reason}")
