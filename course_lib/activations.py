"""Activation functions, each beside its derivative.

Every function maps an array of any shape to an array of the same shape and dtype and is
stable for any finite input: no overflow warning and no NaN at +-1e4, +-1e300 or anywhere
else. The derivative of an element-wise activation is given with respect to its input ``a``.
Softmax is the exception: it acts on rows, so its derivative is a Jacobian, and the layers
use its vector-Jacobian product (`softmax_vjp`) instead of materialising that Jacobian.

``ACTIVATIONS`` is the one table of element-wise operations; the layers, the stability tests
and the gradient checks are all driven from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def step(a: Array) -> Array:
    """Heaviside step ``H(a) = 1 if a > 0 else 0`` (so ``H(0) = 0``)."""
    return (np.asarray(a) > 0).astype(_float_dtype(a))


def step_derivative(a: Array) -> Array:
    """Zero wherever it is defined: the step gives gradient descent nothing to follow."""
    return np.zeros_like(a, dtype=_float_dtype(a))


def sigmoid(a: Array) -> Array:
    """Logistic sigmoid ``1 / (1 + exp(-a))``, computed without overflow.

    ``exp`` is only ever taken of ``-|a|`` (at most 1), using
    ``s(a) = 1 / (1 + e)`` for ``a >= 0`` and ``s(a) = e / (1 + e)`` for ``a < 0``,
    with ``e = exp(-|a|)``.
    """
    a = np.asarray(a, dtype=_float_dtype(a))
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(a: Array) -> Array:
    """``s'(a) = s(a) (1 - s(a))``."""
    s = sigmoid(a)
    return s * (1.0 - s)


def log_sigmoid(a: Array) -> Array:
    """``log s(a) = -log(1 + exp(-a))``, finite for every finite ``a``."""
    a = np.asarray(a, dtype=_float_dtype(a))
    return -np.logaddexp(0.0, -a)


def tanh(a: Array) -> Array:
    """Hyperbolic tangent (numpy's is already stable)."""
    return np.tanh(np.asarray(a, dtype=_float_dtype(a)))


def tanh_derivative(a: Array) -> Array:
    """``tanh'(a) = 1 - tanh(a)^2``."""
    t = tanh(a)
    return 1.0 - t * t


def relu(a: Array) -> Array:
    """Rectified linear unit ``max(a, 0)``."""
    a = np.asarray(a, dtype=_float_dtype(a))
    return np.maximum(a, 0.0)


def relu_derivative(a: Array) -> Array:
    """1 where ``a > 0``, else 0 (the kink at 0 takes the left derivative, 0)."""
    return (np.asarray(a) > 0).astype(_float_dtype(a))


def identity(a: Array) -> Array:
    """The linear (identity) activation, used on regression outputs."""
    return np.array(a, dtype=_float_dtype(a))


def identity_derivative(a: Array) -> Array:
    """1 everywhere."""
    return np.ones_like(a, dtype=_float_dtype(a))


def softmax(logits: Array, axis: int = -1) -> Array:
    """Softmax along ``axis`` (rows by default): ``exp(z_k) / sum_j exp(z_j)``.

    Subtracting each row's maximum first leaves the result unchanged and keeps every
    exponent at most 0, so nothing overflows.

    Args:
        logits: array of shape (N, K) (or any shape; normalised along ``axis``).
    Returns:
        Array of the same shape whose entries along ``axis`` are positive and sum to 1.
    """
    z = np.asarray(logits, dtype=_float_dtype(logits))
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(logits: Array, axis: int = -1) -> Array:
    """``log softmax(z)`` computed as ``z - max - log sum exp(z - max)``: finite everywhere."""
    z = np.asarray(logits, dtype=_float_dtype(logits))
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_vjp(probabilities: Array, dout: Array) -> Array:
    """Vector-Jacobian product of softmax over rows, without building the Jacobian.

    The Jacobian of one row is ``diag(p) - p p^T``; multiplying it by ``dout`` gives
    ``p * (dout - sum(dout * p))``.

    Args:
        probabilities: softmax output, shape (N, K).
        dout: upstream gradient, shape (N, K).
    Returns:
        Gradient with respect to the logits, shape (N, K).
    """
    inner = np.sum(dout * probabilities, axis=-1, keepdims=True)
    return probabilities * (dout - inner)


@dataclass(frozen=True)
class Activation:
    """One row of the table of element-wise activations.

    Attributes:
        name: the name layers and models accept (``"sigmoid"``).
        function: the activation, array -> array of the same shape.
        derivative: its derivative with respect to the input, same shape.
        kinks: inputs where the derivative is undefined (gradient checks avoid them).
        differentiable: False for the step, whose derivative is zero almost everywhere.
    """

    name: str
    function: Callable[[Array], Array]
    derivative: Callable[[Array], Array]
    kinks: tuple[float, ...] = ()
    differentiable: bool = True


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("step", step, step_derivative, kinks=(0.0,), differentiable=False),
        Activation("sigmoid", sigmoid, sigmoid_derivative),
        Activation("tanh", tanh, tanh_derivative),
        Activation("relu", relu, relu_derivative, kinks=(0.0,)),
        Activation("identity", identity, identity_derivative),
    )
}


def get_activation(name: str) -> Activation:
    """Look up an element-wise activation by name, with a clear error for unknown names."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; choose one of: {known}") from None


def _float_dtype(a: object) -> np.dtype:
    """float32 stays float32; everything else (ints, bools, float64) computes in float64."""
    dtype = getattr(a, "dtype", None)
    return np.dtype(np.float32) if dtype == np.float32 else np.dtype(np.float64)
