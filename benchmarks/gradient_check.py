"""How long `course_lib.gradcheck.check_module` takes on the course's networks.

The medium network is the 784-256-10 ReLU MLP of the training-step rows, checked on a batch
of 4 (a gradient check needs only a few samples, and each entry costs four forward passes):
once on 10 random entries of each parameter array, once on all 203,530 of them. The small
network is 2-16-1 tanh on the four XOR points, all 65 entries. Every check must pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from benchmarks import rows, timing
from course_lib.datasets import logic_gate
from course_lib.gradcheck import check_module
from course_lib.layers import Linear, ReLU, Sequential, Tanh

GROUP = "Gradient checker"
SAMPLED_ENTRIES = 10


def medium_network() -> tuple[Sequential, np.ndarray]:
    rng = np.random.default_rng(2)
    network = Sequential(
        Linear(784, 256, rng=rng, init="he"),
        ReLU(),
        Linear(256, 10, rng=rng, init="xavier"),
        input_grad=False,
    )
    return network, rng.random((4, 784))


def small_network() -> tuple[Sequential, np.ndarray]:
    rng = np.random.default_rng(3)
    network = Sequential(
        Linear(2, 16, rng=rng, init="xavier"),
        Tanh(),
        Linear(16, 1, rng=rng, init="xavier"),
        input_grad=False,
    )
    return network, logic_gate("xor")[0]


def measure(plan: timing.Plan) -> list[rows.Row]:
    medium, medium_X = medium_network()
    small, small_X = small_network()
    results = [
        _repeated(
            plan,
            f"784-256-10, batch 4, {SAMPLED_ENTRIES} entries per array",
            lambda: check_module(
                medium, medium_X, rng=0, num_checks=SAMPLED_ENTRIES, input_grad=False
            ),
        ),
        _repeated(
            plan,
            "2-16-1, XOR, all entries",
            lambda: check_module(small, small_X, rng=0, input_grad=False),
        ),
    ]
    full_case = "784-256-10, batch 4, all entries"
    if plan.quick:
        results.append(rows.skipped(GROUP, full_case, "s", "too long for --quick"))
    else:
        results.append(
            _once(full_case, lambda: check_module(medium, medium_X, rng=0, input_grad=False))
        )
    return results


def _repeated(plan: timing.Plan, case: str, check: Callable[[], dict]) -> rows.Row:
    """A check short enough to time in blocks, like the other groups."""
    print(f"  {GROUP}: {case}", flush=True)
    note = _verdict(check())
    samples = timing.interleaved({"ours": check}, plan)
    row = rows.compared(GROUP, case, "s", 1.0, samples, "")
    row.note = note
    return row


def _once(case: str, check: Callable[[], dict]) -> rows.Row:
    """A check long enough (about a minute) that one run is the measurement."""
    print(f"  {GROUP}: {case} (one run, about a minute)", flush=True)
    start = time.perf_counter()
    reports = check()
    seconds = time.perf_counter() - start
    row = rows.Row(GROUP, case, "s", ours=seconds, samples={"ours": [seconds]})
    row.note = _verdict(reports) + "; one run"
    return row


def _verdict(reports: dict) -> str:
    """``passed, N entries, max relative error E``; raises if any check failed."""
    failed = [f"{name}: {report}" for name, report in reports.items() if not report.passed]
    assert not failed, "the gradient check failed:\n" + "\n".join(failed)
    entries = sum(report.checked for report in reports.values())
    worst = max(report.max_rel_error for report in reports.values())
    return f"passed, {entries:,} entries, max relative error {worst:.0e}"
