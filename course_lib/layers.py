"""Layers as modules: ``forward(X)`` caches what ``backward(dout)`` needs.

The protocol every module follows:
- ``forward(X)`` takes a batch ``X`` of shape (N, D_in) and returns (N, D_out);
- ``backward(dout)`` takes the gradient of the loss with respect to that output, shape
  (N, D_out), stores the gradient of every parameter in ``grads`` (same keys and shapes as
  ``params``) and returns the gradient with respect to ``X``, shape (N, D_in), or ``None``
  when the module was told that nothing needs it (``input_grad=False``, the first layer).

What forward and backward return is a new array that belongs to the caller: no later call
writes into it. `Linear` does the opposite with its parameter gradients: backward writes
them into the arrays already in ``grads``, which stay the same objects from step to step.

Rows are samples, so a dense layer computes ``X @ W + b`` with ``W`` of shape
(D_in, D_out): the column form ``a = W x + b`` of the lectures is the same layer with ``W``
transposed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np

from course_lib._validation import as_float_array, check_positive_int, check_rng, check_shape
from course_lib.activations import get_activation, softmax, softmax_vjp

Array = np.ndarray

#: init name -> the standard deviation of a layer's initial weights, given (D_in, D_out). Each
#: keeps the variance of the signal about the same from layer to layer: He et al. (2015) for
#: ReLU, which zeroes half of its inputs; LeCun et al. (1998) for tanh and sigmoid, forward
#: only; Glorot and Bengio (2010) for tanh, forward and backward at once (their normal form).
INITIAL_STD = {
    "he": lambda d_in, d_out: np.sqrt(2.0 / d_in),
    "lecun": lambda d_in, d_out: np.sqrt(1.0 / d_in),
    "glorot": lambda d_in, d_out: np.sqrt(2.0 / (d_in + d_out)),
}
#: The name this library once gave LeCun's initialisation; kept working, with a warning.
_OLD_NAME_OF_LECUN = "xavier"


def initial_std(init: str, d_in: int, d_out: int, scale: float = 0.01) -> float:
    """The standard deviation of the initial weights of a (D_in, D_out) layer under ``init``:
    a name of `INITIAL_STD`, or ``"normal"`` for ``scale`` itself."""
    if init == _OLD_NAME_OF_LECUN:
        warnings.warn(
            "init='xavier' gives LeCun's std sqrt(1/D_in), which is what it always gave here; "
            "say init='lecun'. Glorot and Bengio's (Xavier's) is init='glorot', "
            "std sqrt(2/(D_in + D_out))",
            DeprecationWarning,
            stacklevel=3,
        )
        init = "lecun"
    if init == "normal":
        return float(scale)
    if init not in INITIAL_STD:
        raise ValueError(f"init must be one of {(*INITIAL_STD, 'normal')}, got {init!r}")
    return float(INITIAL_STD[init](d_in, d_out))


class Module:
    """Base class: a module with no parameters that passes the gradient through unchanged."""

    def __init__(self) -> None:
        self.params: dict[str, Array] = {}
        self.grads: dict[str, Array] = {}
        self.input_grad = True

    def forward(self, X: Array) -> Array:
        raise NotImplementedError(f"{type(self).__name__} must implement forward")

    def backward(self, dout: Array) -> Array | None:
        raise NotImplementedError(f"{type(self).__name__} must implement backward")

    def __call__(self, X: Array) -> Array:
        return self.forward(X)

    def _require_cache(self, cache: object) -> None:
        if cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward()")


class Linear(Module):
    """Dense layer ``X @ W + b``.

    Args:
        in_features: D_in, the number of input columns.
        out_features: D_out, the number of output columns.
        rng: Generator or int seed for the initial weights (required: no hidden randomness).
        init: ``"he"`` (std sqrt(2/D_in), for ReLU), ``"lecun"`` (std sqrt(1/D_in), for
            sigmoid and tanh), ``"glorot"`` (std sqrt(2/(D_in + D_out))) or ``"normal"``
            (std ``scale``); see `INITIAL_STD`. ``"xavier"``, this library's old name for
            ``"lecun"``, still gives LeCun's std, with a DeprecationWarning. Biases start at 0.
        dtype: float64 (default) or float32.
        input_grad: whether backward computes the gradient with respect to X.

    Attributes:
        params: ``{"W": (D_in, D_out), "b": (D_out,)}``; grads likewise after backward.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        rng: np.random.Generator | int,
        init: str = "he",
        scale: float = 0.01,
        dtype: type = np.float64,
        input_grad: bool = True,
    ) -> None:
        super().__init__()
        d_in = check_positive_int("in_features", in_features)
        d_out = check_positive_int("out_features", out_features)
        std = initial_std(init, d_in, d_out, scale)
        weights = std * check_rng("rng", rng).standard_normal((d_in, d_out))
        self._set(weights.astype(dtype), np.zeros(d_out, dtype=dtype), input_grad)

    @classmethod
    def from_weights(cls, W: object, b: object, *, input_grad: bool = True) -> Linear:
        """A layer with given weights ``W`` (D_in, D_out) and bias ``b`` (D_out,), copied."""
        W = as_float_array("W", W, ndim=2)
        b = as_float_array("b", b, ndim=1, dtype=W.dtype)
        check_shape("b", b, (W.shape[1],))
        layer = cls.__new__(cls)
        Module.__init__(layer)
        layer._set(W.copy(), b.copy(), input_grad)
        return layer

    def _set(self, W: Array, b: Array, input_grad: bool) -> None:
        self.params = {"W": W, "b": b}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros_like(b)}
        self.input_grad = input_grad
        self._X: Array | None = None

    @property
    def in_features(self) -> int:
        return self.params["W"].shape[0]

    @property
    def out_features(self) -> int:
        return self.params["W"].shape[1]

    def forward(self, X: Array) -> Array:
        """X: (N, D_in) -> (N, D_out)."""
        W = self.params["W"]
        if not isinstance(X, np.ndarray) or X.dtype != W.dtype:
            X = as_float_array("X", X, ndim=2, dtype=W.dtype, allow_nan=True)
        if X.ndim != 2 or X.shape[1] != W.shape[0]:
            raise ValueError(f"Linear layer expects X of shape (N, {W.shape[0]}), got {X.shape}")
        self._X = X
        out = X @ W
        out += self.params["b"]  # in place: one (N, D_out) array per call, not two
        return out

    def backward(self, dout: Array) -> Array | None:
        """dout: (N, D_out) -> dX (N, D_in) or None; stores dW = X.T @ dout, db = sum of rows.

        dW and db are written into the arrays already in ``grads``, so they are the same
        objects after every backward.
        """
        self._require_cache(self._X)
        dout = _checked_dout(dout, (self._X.shape[0], self.out_features))
        np.matmul(self._X.T, dout, out=self.grads["W"])
        dout.sum(axis=0, out=self.grads["b"])
        return dout @ self.params["W"].T if self.input_grad else None


class Activation(Module):
    """An element-wise activation from `course_lib.activations.ACTIVATIONS`, by name."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.activation = get_activation(name)
        self._A: Array | None = None

    def forward(self, X: Array) -> Array:
        """Any shape -> same shape."""
        self._A = np.asarray(X)
        return self.activation.function(self._A)

    def backward(self, dout: Array) -> Array:
        """Element-wise ``dout * f'(A)`` with A the cached input."""
        self._require_cache(self._A)
        dout = _checked_dout(dout, self._A.shape)
        return dout * self.activation.derivative(self._A)

    def __repr__(self) -> str:
        return f"Activation({self.activation.name!r})"


class _OutputCaching(Activation):
    """An activation whose derivative follows from its output: forward caches the output
    (not the input) for backward to reuse."""

    def forward(self, X: Array) -> Array:
        """Any shape -> same shape."""
        self._A = self.activation.function(X)
        return self._A


class Sigmoid(_OutputCaching):
    """Sigmoid layer; backward reuses the cached output: ``dout * s (1 - s)``."""

    def __init__(self) -> None:
        super().__init__("sigmoid")

    def backward(self, dout: Array) -> Array:
        self._require_cache(self._A)
        dout = _checked_dout(dout, self._A.shape)
        slope = np.subtract(1.0, self._A, dtype=np.result_type(dout, self._A))
        slope *= self._A
        slope *= dout
        return slope


class Tanh(_OutputCaching):
    """Tanh layer; backward reuses the cached output: ``dout * (1 - t^2)``."""

    def __init__(self) -> None:
        super().__init__("tanh")

    def backward(self, dout: Array) -> Array:
        self._require_cache(self._A)
        dout = _checked_dout(dout, self._A.shape)
        slope = np.square(self._A, dtype=np.result_type(dout, self._A))
        np.subtract(1.0, slope, out=slope)
        slope *= dout
        return slope


class ReLU(Activation):
    """ReLU layer: passes the gradient where the input was positive."""

    def __init__(self) -> None:
        super().__init__("relu")

    def backward(self, dout: Array) -> Array:
        """``dout`` where the cached input A was positive, 0 elsewhere (also at A = 0)."""
        self._require_cache(self._A)
        dout = _checked_dout(dout, self._A.shape)
        # The mask multiplies as 0/1; the result has the dtype dout * f'(A) would have.
        dtype = np.result_type(dout, self._A, np.float32)
        return np.multiply(dout, self._A > 0, dtype=dtype)


class Step(Activation):
    """Heaviside step layer: its gradient is zero, so nothing below it learns."""

    def __init__(self) -> None:
        super().__init__("step")


class Identity(Activation):
    """Linear output activation (regression)."""

    def __init__(self) -> None:
        super().__init__("identity")


class Softmax(Module):
    """Row-wise softmax, (N, K) -> (N, K); backward is a vector-Jacobian product."""

    def __init__(self) -> None:
        super().__init__()
        self._P: Array | None = None

    def forward(self, X: Array) -> Array:
        self._P = softmax(X, axis=-1)
        return self._P

    def backward(self, dout: Array) -> Array:
        self._require_cache(self._P)
        dout = _checked_dout(dout, self._P.shape)
        return softmax_vjp(self._P, dout)


class Sequential(Module):
    """Modules applied in order; backward runs them in reverse.

    ``params`` and ``grads`` gather the layers' arrays under keys ``"<index>.<name>"``
    (``"0.W"``), the same array objects the layers hold, so updating them in place updates
    the layers. With ``input_grad=False`` the first layer skips its input gradient.
    """

    def __init__(self, *layers: Module, input_grad: bool = True) -> None:
        super().__init__()
        if not layers:
            raise ValueError("Sequential needs at least one layer")
        for index, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(f"layer {index} is a {type(layer).__name__}, not a Module")
        self.layers = list(layers)
        self.input_grad = input_grad
        self.layers[0].input_grad = input_grad

    @property
    def params(self) -> dict[str, Array]:
        return {f"{i}.{k}": v for i, layer in self._indexed() for k, v in layer.params.items()}

    @params.setter
    def params(self, value: dict[str, Array]) -> None:
        if value:
            raise AttributeError("set parameters on the layers of a Sequential, not on it")

    @property
    def grads(self) -> dict[str, Array]:
        return {f"{i}.{k}": v for i, layer in self._indexed() for k, v in layer.grads.items()}

    @grads.setter
    def grads(self, value: dict[str, Array]) -> None:
        if value:
            raise AttributeError("gradients belong to the layers of a Sequential")

    def _indexed(self) -> Iterator[tuple[int, Module]]:
        return iter(enumerate(self.layers))

    def forward(self, X: Array) -> Array:
        """X: (N, D_in) -> output of the last layer."""
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dout: Array) -> Array | None:
        """dout: gradient w.r.t. the last output -> gradient w.r.t. X (or None)."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, index: int) -> Module:
        return self.layers[index]


def _checked_dout(dout: object, shape: tuple[int, ...]) -> Array:
    """``dout`` as an array of the given shape (the one the last forward produced)."""
    dout = np.asarray(dout)
    if dout.shape != shape:
        check_shape("dout", dout, shape)  # raises, naming both shapes
    return dout
