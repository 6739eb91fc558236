"""One SGD training step of `course_lib`'s MLP against torch doing the identical computation.

A step is what `course_lib.training.train` does per minibatch: forward, loss, backward, SGD
update. Both libraries start from the same weights (course_lib's initialisation, copied into
torch), see the same batch, compute the same loss (mean softmax cross-entropy from logits,
or mean binary cross-entropy from logits) and apply the same plain SGD update; neither
computes the gradient with respect to the input batch. Before timing, one step of each is
compared: the losses and the updated weights must agree to rounding.

torch runs with as many intra-op threads as numpy's OpenBLAS uses (one per core unless the
runner's ``--threads`` says otherwise), so both libraries get the same hardware.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from benchmarks import environment, rows, timing
from course_lib.datasets import logic_gate, two_moons
from course_lib.layers import Linear, Module, ReLU, Sequential, Tanh
from course_lib.losses import BinaryCrossEntropy, Loss, SoftmaxCrossEntropy
from course_lib.optim import SGD

GROUP = "MLP training step"
UNIT = "us per step"
LEARNING_RATE = 0.1
#: The largest relative difference of loss or weights allowed between the two libraries.
AGREEMENT = {np.float64: 1e-9, np.float32: 1e-4}


@dataclass(frozen=True)
class Case:
    """A network, a batch and the target the issue sets for the row."""

    name: str
    sizes: tuple[int, ...]
    activation: str  # "relu" (He initialisation) or "tanh" (LeCun)
    dtype: type
    X: np.ndarray
    y: np.ndarray  # class indices (N,) for several classes, a (N, 1) column of 0/1 for two
    target: Callable[[rows.Row], rows.Row]

    @property
    def classes(self) -> int:
        return self.sizes[-1] if self.sizes[-1] > 1 else 2


def cases() -> list[Case]:
    rng = np.random.default_rng(0)
    pixels, digits = rng.random((128, 784)), rng.integers(0, 10, 128)
    X_xor, y_xor = logic_gate("xor")
    X_moons, y_moons = two_moons(200, rng=rng)
    medium = ((784, 256, 10), "relu")
    small = ((2, 16, 1), "tanh")
    return [
        Case(
            "784-256-10 ReLU, batch 128, float64",
            *medium,
            np.float64,
            pixels,
            digits,
            lambda row: rows.ratio_at_most(row, 1.2),
        ),
        Case(
            "784-256-10 ReLU, batch 128, float32",
            *medium,
            np.float32,
            pixels.astype(np.float32),
            digits,
            lambda row: rows.ratio_at_most(row, 1.0),
        ),
        Case(
            "2-16-1 tanh, XOR (4 points)",
            *small,
            np.float64,
            X_xor,
            y_xor[:, None],
            lambda row: rows.faster_by_at_least(row, 3.0),
        ),
        Case(
            "2-16-1 tanh, two moons (200 points)",
            *small,
            np.float64,
            X_moons,
            y_moons[:, None],
            lambda row: rows.faster_by_at_least(row, 3.0),
        ),
    ]


def measure(plan: timing.Plan) -> list[rows.Row]:
    """One row per case: course_lib's step, torch's when torch is installed, and the ratio."""
    try:
        import torch
    except ImportError:
        torch = None
    else:
        torch.set_num_threads(environment.thread_count())
    results = []
    for case in cases():
        print(f"  {GROUP}: {case.name}", flush=True)
        network = course_lib_network(case)
        contenders = {"ours": course_lib_step(case, network)}
        note = "torch skipped: not installed (pip install -e '.[bench]')"
        if torch is not None:
            contenders["torch"], model = torch_step(case, network)
            checked = agreement(case, network, model, contenders)
            note = f"{checked}; torch {torch.get_num_threads()} threads"
        samples = timing.interleaved(contenders, plan)
        row = rows.compared(GROUP, case.name, UNIT, 1e6, samples, "torch")
        row.note = note
        results.append(case.target(row))
    return results


def course_lib_network(case: Case) -> Sequential:
    """Linear layers with the activation between them, initialised as `MLPClassifier` does;
    the first layer does not compute the gradient with respect to the batch."""
    rng = np.random.default_rng(1)
    hidden_init = "he" if case.activation == "relu" else "lecun"
    layer_pairs = list(itertools.pairwise(case.sizes))
    layers: list[Module] = []
    for index, (d_in, d_out) in enumerate(layer_pairs):
        init = "lecun" if index == len(layer_pairs) - 1 else hidden_init
        layers.append(Linear(d_in, d_out, rng=rng, init=init, dtype=case.dtype))
        if index < len(layer_pairs) - 1:
            layers.append(ReLU() if case.activation == "relu" else Tanh())
    return Sequential(*layers, input_grad=False)


def course_lib_step(case: Case, network: Sequential) -> Callable[[], float]:
    """The body of `course_lib.training.train`'s minibatch loop, on the case's batch."""
    loss: Loss = SoftmaxCrossEntropy() if case.classes > 2 else BinaryCrossEntropy()
    optimizer = SGD(network, LEARNING_RATE)
    X = case.X.astype(case.dtype)

    def step() -> float:
        value = loss.forward(network.forward(X), case.y)
        network.backward(loss.backward())
        optimizer.step()
        return value

    return step


def torch_step(case: Case, network: Sequential) -> tuple[Callable[[], object], object]:
    """The same step in torch, starting from a copy of ``network``'s current weights, and
    the torch model it trains."""
    import torch

    dtype = {np.float64: torch.float64, np.float32: torch.float32}[case.dtype]
    modules = []
    for layer in network.layers:
        if isinstance(layer, Linear):
            linear = torch.nn.Linear(layer.in_features, layer.out_features, dtype=dtype)
            with torch.no_grad():  # torch keeps W as (D_out, D_in)
                linear.weight.copy_(torch.from_numpy(layer.params["W"].T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.params["b"].copy()))
            modules.append(linear)
        else:
            modules.append(torch.nn.ReLU() if case.activation == "relu" else torch.nn.Tanh())
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    X = torch.from_numpy(case.X.astype(case.dtype))
    if case.classes > 2:
        y, loss_function = torch.from_numpy(case.y), torch.nn.functional.cross_entropy
    else:
        y = torch.from_numpy(case.y.astype(case.dtype))
        loss_function = torch.nn.functional.binary_cross_entropy_with_logits

    def step() -> torch.Tensor:
        optimizer.zero_grad()
        loss = loss_function(model(X), y)
        loss.backward()
        optimizer.step()
        return loss

    return step, model


def agreement(
    case: Case, network: Sequential, model: object, contenders: dict[str, Callable]
) -> str:
    """Run one step of each library and check that they computed the same thing.

    Raises AssertionError when the losses or the updated weights differ by more than
    `AGREEMENT` (relative to the largest weight); returns a short statement of the check.
    """
    ours, theirs = contenders["ours"], contenders["torch"]
    loss_ours, loss_theirs = ours(), theirs().item()
    loss_gap = abs(loss_ours - loss_theirs) / max(abs(loss_theirs), 1e-30)
    linears = [layer for layer in network.layers if isinstance(layer, Linear)]
    torch_linears = [module for module in model if hasattr(module, "weight")]
    weight_gap = 0.0
    for layer, twin in zip(linears, torch_linears, strict=True):
        for ours_array, theirs_array in (
            (layer.params["W"], twin.weight.detach().numpy().T),
            (layer.params["b"], twin.bias.detach().numpy()),
        ):
            scale = max(float(np.max(np.abs(theirs_array))), 1e-30)
            weight_gap = max(weight_gap, float(np.max(np.abs(ours_array - theirs_array))) / scale)
    tolerance = AGREEMENT[case.dtype]
    assert loss_gap <= tolerance and weight_gap <= tolerance, (
        f"{case.name}: course_lib and torch disagree after one step: relative loss gap "
        f"{loss_gap:.1e}, weight gap {weight_gap:.1e} (tolerance {tolerance:.0e})"
    )
    return f"same step as torch (relative gap: loss {loss_gap:.0e}, weights {weight_gap:.0e})"
