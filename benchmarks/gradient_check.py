"""How long `course_lib.gradcheck.check_module` takes on the course's networks.

The medium network is the 784-256-10 ReLU MLP of the training-step rows, checked on a batch
of 4 (a gradient check needs only a few samples, and each entry costs four forward passes):
once on 10 random entries of each parameter array, once on all 203,530 of them. The small
network is 2-16-1 tanh on the four XOR points, all 65 entries.

The batch is drawn so that no ReLU input lies within reach of the checker's steps of its
kink at 0: a kink there makes the checker move the point and check everything again, which
would time two or more checks instead of one. What a check found is in the row's note.
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
#: No ReLU input of the medium network's batch is closer to 0 than this: the checker's
#: widest step (3h, h = 1e-3) on a weight times the largest input (1.5), with room to spare.
KINK_CLEARANCE = 5e-3


def medium_network() -> tuple[Sequential, np.ndarray]:
    """The network and a batch of 4 rows whose entries are +-[0.5, 1.5] (no tiny inputs)."""
    rng = np.random.default_rng(2)
    network = Sequential(
        Linear(784, 256, rng=rng, init="he"),
        ReLU(),
        Linear(256, 10, rng=rng, init="lecun"),
        input_grad=False,
    )
    while True:
        X = rng.choice([-1.0, 1.0], (4, 784)) * rng.uniform(0.5, 1.5, (4, 784))
        if np.min(np.abs(network[0].forward(X))) > KINK_CLEARANCE:
            return network, X


def small_network() -> tuple[Sequential, np.ndarray]:
    rng = np.random.default_rng(3)
    network = Sequential(
        Linear(2, 16, rng=rng, init="lecun"),
        Tanh(),
        Linear(16, 1, rng=rng, init="lecun"),
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
    note = _outcome(check())
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
    row.note = _outcome(reports) + "; one run"
    return row


def _outcome(reports: dict) -> str:
    """What the check found: passed or not, entries compared, worst error, kink moves."""
    failed = [name for name, report in reports.items() if not report.passed]
    entries = sum(report.checked for report in reports.values())
    worst = max(reports.values(), key=lambda report: report.max_rel_error)
    verdict = f"FAILED on {', '.join(failed)}" if failed else "passed"
    text = f"{verdict}, {entries:,} entries, max relative error {worst.max_rel_error:.0e}"
    if failed:
        text += f" (analytic {worst.analytic:.3g}, numerical {worst.numerical:.3g})"
    moves = sum(report.moved for report in reports.values())
    return text + (f", {moves} move(s) off a kink" if moves else "")
