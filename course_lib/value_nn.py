"""A small multilayer perceptron built from scalar `Value` nodes, trained by its own engine.

Everything here runs on `course_lib.engine.Value`: the forward pass builds a computation
graph one multiplication and one addition at a time, the loss is a `Value`, and
``loss.backward()`` fills in every weight's gradient. It is slow (pure Python, a few
thousand nodes per step for tens of points), so it is meant for small data and small nets:
the point is to see the engine of unit 04 learn, not to be fast.

A network is a list of layers; a layer is a dict ``{"W": W, "b": b}`` in which ``W`` is a
list of ``n_out`` rows, each a list of ``n_in`` Values (row k holds the weights into unit
k), and ``b`` is a list of ``n_out`` Values. Hidden layers apply tanh; the last layer has
one unit and no activation: its output is the logit z of P(class 1) = sigmoid(z).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from course_lib._validation import as_binary_labels, as_float_array, check_positive_int, check_rng
from course_lib.activations import sigmoid
from course_lib.engine import Value

Layer = dict[str, list]


def init_mlp(sizes: Sequence[int], *, rng: np.random.Generator | int) -> list[Layer]:
    """A fresh network with layer sizes ``sizes`` = (D, hidden..., 1).

    Weights into a unit are drawn from N(0, 1 / n_in) (so the pre-activations start of
    order one), biases start at 0.

    Args:
        sizes: the number of inputs D, then the width of each hidden layer, then 1.
        rng: a Generator or an int seed.

    Returns:
        The list of layers described in the module docstring.
    """
    sizes = [check_positive_int("sizes[k]", n) for n in sizes]
    if len(sizes) < 2 or sizes[-1] != 1:
        raise ValueError(f"sizes must be (D, hidden..., 1), got {tuple(sizes)}")
    generator = check_rng("rng", rng)
    layers = []
    for n_in, n_out in pairwise(sizes):
        weights = generator.standard_normal((n_out, n_in)) / np.sqrt(n_in)
        layers.append(
            {
                "W": [[Value(float(w)) for w in row] for row in weights],
                "b": [Value(0.0) for _ in range(n_out)],
            }
        )
    return layers


def parameters(params: list[Layer]) -> list[Value]:
    """Every Value of the network once, layer by layer: W row by row, then b."""
    return [v for layer in params for row in layer["W"] for v in row] + [
        v for layer in params for v in layer["b"]
    ]


def mlp_forward(params: list[Layer], x: Sequence[float]) -> Value:
    """The network's logit for one input point, as a Value node of a new graph.

    Args:
        params: the network (module docstring).
        x: one input point, a sequence of D floats (or Values).

    Returns:
        The logit z, a Value whose graph reaches every parameter.
    """
    activations = list(x)
    for k, layer in enumerate(params):
        last = k == len(params) - 1
        outputs = []
        for row, bias in zip(layer["W"], layer["b"], strict=True):
            if len(row) != len(activations):
                raise ValueError(f"layer {k} expects {len(row)} inputs, got {len(activations)}")
            total = bias
            for weight, a in zip(row, activations, strict=True):
                total = total + weight * a
            outputs.append(total if last else total.tanh())
        activations = outputs
    if len(activations) != 1:
        raise ValueError(f"the last layer must have one unit, it has {len(activations)}")
    return activations[0]


def logistic_loss(logit: Value, label: float) -> Value:
    """-log P(label | logit) = log(1 + exp(z)) - label * z, without overflow for any z.

    Args:
        logit: the Value z; label: 0.0 or 1.0.

    Returns:
        The loss, a Value. exp is only taken of -|z|.
    """
    if logit.data > 0:  # log(1 + e^z) = z + log(1 + e^-z)
        softplus = logit + ((-logit).exp() + 1.0).log()
    else:
        softplus = (logit.exp() + 1.0).log()
    return softplus - logit * float(label)


def mean_loss(params: list[Layer], X: np.ndarray, y: np.ndarray) -> Value:
    """The mean logistic loss of the network over the rows of X (shape (N, D)), y (N,)."""
    X = as_float_array("X", X, ndim=2)
    y = as_binary_labels("y", y)
    total = Value(0.0)
    for row, label in zip(X.tolist(), y.tolist(), strict=True):
        total = total + logistic_loss(mlp_forward(params, row), label)
    return total * (1.0 / len(y))


def fit(params: list[Layer], X: np.ndarray, y: np.ndarray, *, lr: float, steps: int) -> list[float]:
    """Full-batch gradient descent on `mean_loss`, updating the parameters' data in place.

    Each step: build the loss graph, zero every parameter's grad, backward, then
    ``p.data -= lr * p.grad`` for every parameter p.

    Args:
        params: the network, changed in place.
        X: inputs of shape (N, D); y: labels of shape (N,), 0 or 1.
        lr: the learning rate, a positive float.
        steps: the number of steps.

    Returns:
        The loss before each step, a list of ``steps`` floats.
    """
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    steps = check_positive_int("steps", steps)
    weights = parameters(params)
    losses = []
    for _ in range(steps):
        loss = mean_loss(params, X, y)
        for p in weights:
            p.grad = 0.0
        loss.backward()
        for p in weights:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def train_mlp(
    X: np.ndarray, y: np.ndarray, *, width: int, lr: float, steps: int, seed: int
) -> tuple[list[Layer], list[float]]:
    """A (D, width, 1) network from `init_mlp` with ``seed``, trained by `fit`.

    Returns:
        (params, losses) as from `init_mlp` and `fit`.
    """
    X = as_float_array("X", X, ndim=2)
    params = init_mlp((X.shape[1], check_positive_int("width", width), 1), rng=seed)
    return params, fit(params, X, y, lr=lr, steps=steps)


def flat_parameters(params: list[Layer]) -> np.ndarray:
    """The data of `parameters` as a float64 array of shape (P,)."""
    return np.array([p.data for p in parameters(params)], dtype=np.float64)


def from_flat(sizes: Sequence[int], theta: np.ndarray) -> list[Layer]:
    """A new network of layer sizes ``sizes`` whose parameters, in the order of
    `parameters`, hold the entries of ``theta`` (shape (P,))."""
    params = init_mlp(sizes, rng=0)
    weights = parameters(params)
    theta = as_float_array("theta", theta, ndim=1)
    if theta.size != len(weights):
        raise ValueError(
            f"a network of sizes {tuple(sizes)} has {len(weights)} parameters, "
            f"theta has {theta.size}"
        )
    for p, t in zip(weights, theta.tolist(), strict=True):
        p.data = t
    return params


def logits(params: list[Layer], X: np.ndarray) -> np.ndarray:
    """The logit of every row of X (shape (N, D)), computed with numpy from the data.

    Returns:
        float64 array of shape (N,).
    """
    A = as_float_array("X", X, ndim=2)
    for k, layer in enumerate(params):
        W = np.array([[v.data for v in row] for row in layer["W"]], dtype=np.float64)
        b = np.array([v.data for v in layer["b"]], dtype=np.float64)
        A = A @ W.T + b
        if k < len(params) - 1:
            A = np.tanh(A)
    return A[:, 0]


def predict_proba(params: list[Layer], X: np.ndarray) -> np.ndarray:
    """P(class 1) = sigmoid(logit) for every row of X (shape (N, D)); shape (N,)."""
    return sigmoid(logits(params, X))


def accuracy(params: list[Layer], X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of rows of X whose class (P >= 0.5 means 1) matches y."""
    labels = as_binary_labels("y", y)
    return float(np.mean((predict_proba(params, X) >= 0.5) == (labels == 1)))
