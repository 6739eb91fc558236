"""Timing side by side: interleaved blocks, a pause before each, medians and paired ratios.

Two libraries timed one after the other in one process disturb each other: OpenBLAS keeps
its threads spinning for a while after a call, and on 2 cores they slow whatever runs next.
So each block of calls is preceded by a pause (and a garbage collection, so that one
contender's garbage is not collected on the other's time), the contenders take turns, in
alternating order, for several rounds, and what is compared is the median over rounds.
The ratio of two contenders is the median of their per-round ratios: a burst of load from
elsewhere slows both blocks of a round, and largely cancels in their ratio.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """How long to measure: ``rounds`` turns per contender, each a block of calls lasting
    about ``block_seconds``, after a pause of ``pause_seconds``. Runs too long to repeat in
    blocks (a notebook, a full gradient check) are repeated ``long_runs`` times. ``quick``
    plans check that everything runs; their numbers are rough."""

    rounds: int
    block_seconds: float
    pause_seconds: float
    long_runs: int
    warmup_calls: int = 3
    quick: bool = False


FULL = Plan(rounds=15, block_seconds=0.1, pause_seconds=0.25, long_runs=3)
QUICK = Plan(
    rounds=3, block_seconds=0.02, pause_seconds=0.05, long_runs=1, warmup_calls=1, quick=True
)


def calls_per_block(call: Callable[[], object], seconds: float) -> int:
    """How many calls of ``call`` take about ``seconds`` (at least 1), from one timed call."""
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    return max(1, round(seconds / max(once, 1e-7)))


def interleaved(contenders: dict[str, Callable[[], object]], plan: Plan) -> dict[str, list[float]]:
    """Seconds per call of each contender, one sample per round (the block's mean).

    The contenders run in the given order in even rounds and in reverse order in odd ones.
    """
    for call in contenders.values():
        for _ in range(plan.warmup_calls):
            call()
    calls = {name: calls_per_block(call, plan.block_seconds) for name, call in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_index in range(plan.rounds):
        for name in names if round_index % 2 == 0 else reversed(names):
            samples[name].append(_block(contenders[name], calls[name], plan.pause_seconds))
    return samples


def _block(call: Callable[[], object], calls: int, pause: float) -> float:
    gc.collect()
    time.sleep(pause)
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def paired_ratio(numerator: list[float], denominator: list[float]) -> float:
    """The median over rounds of ``numerator[r] / denominator[r]``."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))
