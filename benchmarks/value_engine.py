"""`course_lib.engine.Value` against micrograd's `Value`, on identical graphs.

Two workloads, both a forward pass that builds the graph, then ``backward()``:

- the demo step: a scalar MLP with 2 inputs, two hidden layers of 16 ReLU units and one
  output, on 100 points of two moons, with a hinge loss, an L2 penalty and an SGD update
  (the step micrograd's demo notebook trains with), about 65,000 nodes a step;
- chains ``x <- x * 0.999 + 0.001`` of 1e3, 1e4 and 1e5 nodes (4 nodes a link: two
  constants, a product and a sum), and of 1e6 nodes for course_lib alone.

Both engines build the same graph from the same code, `ScalarMLP`, written against the
operations they share (+, *, relu, backward). micrograd's topological sort is recursive, so
its chains run with a raised recursion limit in a thread with a large stack; course_lib's run
at Python's default limit. Times are per node of the graph, garbage collection included:
it is part of what building a graph costs.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable

import numpy as np

from benchmarks import rows, timing
from course_lib.datasets import two_moons
from course_lib.engine import Value

GROUP = "Value engine"
UNIT = "ns per node"
CHAIN_SIZES = (1_000, 10_000, 100_000)
LONG_CHAIN = 1_000_000
DEMO_LAYERS = (2, 16, 16, 1)
#: Slowest over fastest ns per node across `CHAIN_SIZES` that still counts as flat. With the
#: garbage collector off, course_lib's cost per node still grows about 1.2 times from 1e3 to
#: 1e5 nodes, as the graph outgrows the processor's caches; growth driven by the collector
#: walking the graph again and again (micrograd's) is 3 to 4 times.
FLAT = 1.5


class ScalarMLP:
    """A multi-layer perceptron of scalar nodes of any engine class ``value``.

    Each neuron computes ``relu(b + w_1 x_1 + ... + w_n x_n)`` (no ReLU on the output),
    summing in that order; weights are uniform in [-1, 1], biases start at 0.
    """

    def __init__(self, value: type, sizes: tuple[int, ...], rng: np.random.Generator) -> None:
        self.layers = [
            [
                ([value(w) for w in rng.uniform(-1, 1, d_in).tolist()], value(0.0))
                for _ in range(d_out)
            ]
            for d_in, d_out in itertools.pairwise(sizes)
        ]

    def __call__(self, inputs: list) -> object:
        """The output node for one sample, a list of numbers (or nodes)."""
        for index, layer in enumerate(self.layers):
            hidden = index < len(self.layers) - 1
            inputs = [self._neuron(weights, bias, inputs, hidden) for weights, bias in layer]
        return inputs[0]

    @staticmethod
    def _neuron(weights: list, bias: object, inputs: list, hidden: bool) -> object:
        total = bias
        for weight, x in zip(weights, inputs, strict=True):
            total = total + weight * x
        return total.relu() if hidden else total

    def parameters(self) -> list:
        return [p for layer in self.layers for weights, bias in layer for p in (*weights, bias)]


def demo_step(value: type) -> tuple[Callable[[], float], Callable[[], int]]:
    """A training step of `ScalarMLP` on two moons with engine ``value``, and a function that
    counts the nodes of the graph of its last step."""
    rng = np.random.default_rng(0)
    X, y = two_moons(100, rng=rng, noise=0.1)
    points, signs = X.tolist(), (2.0 * y - 1.0).tolist()  # labels -1 and +1
    model = ScalarMLP(value, DEMO_LAYERS, rng)
    parameters = model.parameters()
    state = {"step": 0, "loss": None}

    def step() -> float:
        scores = [model(point) for point in points]
        margins = [(1 + -sign * score).relu() for sign, score in zip(signs, scores, strict=True)]
        data_loss = sum(margins) * (1.0 / len(margins))
        penalty = 1e-4 * sum(p * p for p in parameters)
        loss = data_loss + penalty
        for p in parameters:
            p.grad = 0.0
        loss.backward()
        rate = 1.0 - 0.9 * (state["step"] % 100) / 100
        for p in parameters:
            p.data -= rate * p.grad
        state["step"] += 1
        state["loss"] = loss
        return loss.data

    return step, lambda: count_nodes(state["loss"])


def chain(value: type, nodes: int) -> Callable[[], float]:
    """Build and differentiate ``x <- x * 0.999 + 0.001``, ``nodes // 4`` links."""

    def run() -> float:
        start = x = value(0.5)
        for _ in range(nodes // 4):
            x = x * 0.999 + 0.001
        x.backward()
        return start.grad

    return run


def count_nodes(root: object) -> int:
    """The number of distinct nodes below ``root`` (either engine: both keep ``_prev``)."""
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def measure(plan: timing.Plan) -> list[rows.Row]:
    """The demo step, the chains, their flatness, and the long chain."""
    try:
        from micrograd.engine import Value as Micrograd
    except ImportError:
        Micrograd = None
    missing = "micrograd skipped: not installed (pip install -e '.[bench]')"
    results = [_demo_row(plan, Micrograd, missing)]
    chain_rows = _with_deep_recursion(lambda: _chain_rows(plan, Micrograd, missing))
    results += chain_rows
    results.append(_flatness_row(chain_rows))
    results.append(_long_chain_row(plan))
    return results


def _demo_row(plan: timing.Plan, micrograd: type | None, missing: str) -> rows.Row:
    print(f"  {GROUP}: demo step", flush=True)
    ours, count = demo_step(Value)
    contenders = {"ours": ours}
    note = missing
    first_loss = ours()
    nodes = count()
    if micrograd is not None:
        contenders["micrograd"], micrograd_count = demo_step(micrograd)
        theirs_loss = contenders["micrograd"]()
        assert abs(first_loss - theirs_loss) <= 1e-12 * abs(theirs_loss), (first_loss, theirs_loss)
        assert micrograd_count() == nodes, (micrograd_count(), nodes)
        note = "same loss and graph as micrograd"
    samples = timing.interleaved(contenders, plan)
    case = f"demo step, MLP(2, [16, 16, 1]), 100 points, {nodes:,} nodes"
    row = rows.compared(GROUP, case, UNIT, 1e9 / nodes, samples, "micrograd")
    row.note = note
    return rows.faster_by_at_least(row, 3.0)


def _chain_rows(plan: timing.Plan, micrograd: type | None, missing: str) -> list[rows.Row]:
    results = []
    for size in CHAIN_SIZES:
        print(f"  {GROUP}: chain of {size:,} nodes", flush=True)
        nodes = 4 * (size // 4) + 1
        contenders = {"ours": chain(Value, size)}
        note = missing
        if micrograd is not None:
            contenders["micrograd"] = chain(micrograd, size)
            note = f"micrograd at the default recursion limit: {_at_default_limit(micrograd, size)}"
        samples = timing.interleaved(contenders, plan)
        row = rows.compared(
            GROUP, f"chain of {size:,} nodes", UNIT, 1e9 / nodes, samples, "micrograd"
        )
        row.note = note
        results.append(rows.ours_at_most(row, 1500.0, "ours <= 1,500 ns"))
    return results


def _flatness_row(chain_rows: list[rows.Row]) -> rows.Row:
    """Slowest over fastest ns per node from the smallest chain to the largest."""
    first, last = CHAIN_SIZES[0], CHAIN_SIZES[-1]
    row = rows.Row(GROUP, f"flatness: slowest / fastest, chains of {first:,} to {last:,}", "x")
    row.ours = max(r.ours for r in chain_rows) / min(r.ours for r in chain_rows)
    if all(r.reference is not None for r in chain_rows):
        row.reference = max(r.reference for r in chain_rows) / min(r.reference for r in chain_rows)
        row.reference_name = "micrograd"
    return rows.ours_at_most(row, FLAT, f"ours <= {FLAT:g}")


def _long_chain_row(plan: timing.Plan) -> rows.Row:
    print(f"  {GROUP}: chain of {LONG_CHAIN:,} nodes", flush=True)
    limit = sys.getrecursionlimit()
    # One chain a block (block_seconds 0), a few rounds: each build takes about a second.
    single = timing.Plan(
        rounds=min(plan.rounds, 3),
        block_seconds=0.0,
        pause_seconds=plan.pause_seconds,
        long_runs=1,
        warmup_calls=0,
    )
    samples = timing.interleaved({"ours": chain(Value, LONG_CHAIN)}, single)
    row = rows.compared(
        GROUP, f"chain of {LONG_CHAIN:,} nodes", UNIT, 1e9 / (LONG_CHAIN + 1), samples, ""
    )
    row.note = f"course_lib only, at Python's default recursion limit ({limit})"
    row.target, row.met = "no recursion limit", True  # a RecursionError would have ended the run
    return row


def _at_default_limit(micrograd: type, size: int) -> str:
    """Whether micrograd differentiates the chain at the interpreter's default limit."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(_DEFAULT_RECURSION_LIMIT)
    try:
        chain(micrograd, size)()
        return "ok"
    except RecursionError:
        return "RecursionError"
    finally:
        sys.setrecursionlimit(previous)


_DEFAULT_RECURSION_LIMIT = sys.getrecursionlimit()


def _with_deep_recursion(work: Callable[[], list[rows.Row]]) -> list[rows.Row]:
    """``work()`` in a thread with a 512 MiB stack and a recursion limit of 10 million."""
    outcome: dict[str, object] = {}

    def target() -> None:
        previous = sys.getrecursionlimit()
        sys.setrecursionlimit(10_000_000)
        try:
            outcome["rows"] = work()
        except BaseException as error:  # handed to the calling thread below
            outcome["error"] = error
        finally:
            sys.setrecursionlimit(previous)

    previous_size = threading.stack_size(512 * 2**20)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous_size)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["rows"]
