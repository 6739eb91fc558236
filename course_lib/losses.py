"""Loss functions, each beside its gradient, and the loss modules the networks train with.

Conventions: a prediction has shape (N,) or (N, K), one row per sample. A loss is the
*mean over samples* of a per-sample loss that sums over the outputs of that sample
(``reduction="sum"`` gives the plain sum over samples instead, as in the likelihood
derivations). Every gradient has the shape of the prediction it differentiates.

Every log-loss is computed stably: from logits through ``logaddexp`` and ``log_softmax``,
and from probabilities by clipping them into ``[PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR]``,
so no input gives an overflow warning, ``log(0)`` or NaN.
"""

from __future__ import annotations

import numpy as np

from course_lib._validation import as_class_labels, as_float_array
from course_lib.activations import log_softmax, sigmoid, softmax

Array = np.ndarray

#: Probabilities are clipped into [floor, 1 - floor] before taking logs; the largest
#: per-sample binary cross-entropy is then -log(1e-15), about 34.5.
PROBABILITY_FLOOR = 1e-15


def _prepare(pred: object, target: object, pred_name: str = "pred") -> tuple[Array, Array]:
    """Validate a prediction and a target of the same shape; (N,) target may meet (N, 1)."""
    pred = as_float_array(pred_name, pred, ndim=(1, 2))
    target = as_float_array("target", target, ndim=(1, 2))
    if target.ndim == 1 and pred.ndim == 2 and pred.shape[1] == 1:
        target = target[:, None]
    if pred.shape != target.shape:
        raise ValueError(
            f"{pred_name} and target must have the same shape, got {pred.shape} and {target.shape}"
        )
    if pred.shape[0] == 0:
        raise ValueError(f"{pred_name} is empty: a loss needs at least one sample")
    return pred, target


def _reduce(per_entry: Array, reduction: str) -> float:
    """Sum over outputs, then mean (or sum) over the N samples in the first axis."""
    total = float(np.sum(per_entry))
    if reduction == "mean":
        return total / per_entry.shape[0]
    if reduction == "sum":
        return total
    raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")


def _scale(n_samples: int, reduction: str) -> float:
    return 1.0 / n_samples if reduction == "mean" else 1.0


# --- binary cross-entropy ----------------------------------------------------------------


# Each loss below is a pair of kernels on validated arrays, per-entry terms and gradient
# (unscaled), shared by the functions and by the loss modules, which validate only once.


def _probabilities(p: object, y: object) -> tuple[Array, Array]:
    p, y = _prepare(p, y, "p")
    return np.clip(p, PROBABILITY_FLOOR, 1.0 - PROBABILITY_FLOOR), y


def _bce_terms(p: Array, y: Array) -> Array:
    return -(y * np.log(p) + (1.0 - y) * np.log1p(-p))


def _bce_slope(p: Array, y: Array) -> Array:
    return (p - y) / (p * (1.0 - p))


def _bce_logits_terms(z: Array, y: Array) -> Array:
    return np.logaddexp(0.0, z) - y * z


def _bce_logits_slope(z: Array, y: Array) -> Array:
    return sigmoid(z) - y


def binary_cross_entropy(p: object, y: object, reduction: str = "mean") -> float:
    """``-(y log p + (1 - y) log(1 - p))`` from probabilities ``p`` (shape (N,) or (N, 1))."""
    return _reduce(_bce_terms(*_probabilities(p, y)), reduction)


def binary_cross_entropy_grad(p: object, y: object, reduction: str = "mean") -> Array:
    """Gradient with respect to ``p``: ``(p - y) / (p (1 - p))``, scaled by 1/N for the mean."""
    p, y = _probabilities(p, y)
    return _bce_slope(p, y) * _scale(len(p), reduction)


def binary_cross_entropy_with_logits(z: object, y: object, reduction: str = "mean") -> float:
    """Binary cross-entropy of ``p = sigmoid(z)``, computed as ``log(1 + e^z) - y z``."""
    return _reduce(_bce_logits_terms(*_prepare(z, y, "z")), reduction)


def binary_cross_entropy_with_logits_grad(z: object, y: object, reduction: str = "mean") -> Array:
    """Gradient with respect to the logits ``z``: ``sigmoid(z) - y``, scaled by 1/N."""
    z, y = _prepare(z, y, "z")
    return _bce_logits_slope(z, y) * _scale(len(z), reduction)


# --- categorical cross-entropy -------------------------------------------------------------


def _class_targets(logits: object, y: object) -> tuple[Array, Array]:
    """Validated logits (N, K) and targets: class indices of shape (N,), kept as indices
    (no one-hot array is built for them), or target rows of shape (N, K)."""
    logits = as_float_array("logits", logits, ndim=2)
    y_array = np.asarray(y)
    if y_array.ndim != 1:
        return _prepare(logits, y_array, "logits")
    labels = as_class_labels("y", y_array, n_classes=logits.shape[1])
    if len(labels) != len(logits):
        raise ValueError(
            f"logits and y must have the same number of rows, got {logits.shape} and {labels.shape}"
        )
    return logits, labels


def _ce_terms(log_p: Array, targets: Array) -> Array:
    """``-log p`` of each sample's class, shape (N,), or ``-Y * log P``, shape (N, K)."""
    if targets.ndim == 1:
        return -log_p[np.arange(len(targets)), targets]
    return -targets * log_p


def _ce_slope(p: Array, targets: Array) -> Array:
    """``P - Y`` from the probabilities; ``p`` is overwritten and returned.

    For target rows the mass of each row multiplies P: one-hot rows sum to 1, soft ones
    need not."""
    if targets.ndim == 1:
        p[np.arange(len(targets)), targets] -= 1.0
        return p
    p *= targets.sum(axis=1, keepdims=True)
    p -= targets
    return p


def softmax_cross_entropy(logits: object, y: object, reduction: str = "mean") -> float:
    """``-sum_k Y_k log softmax(z)_k`` per sample, from logits of shape (N, K).

    ``y`` holds class indices, shape (N,), or one-hot (or soft) target rows, shape (N, K).
    """
    logits, targets = _class_targets(logits, y)
    return _reduce(_ce_terms(log_softmax(logits), targets), reduction)


def softmax_cross_entropy_grad(logits: object, y: object, reduction: str = "mean") -> Array:
    """Gradient with respect to the logits: ``(P - Y) / N`` with ``P = softmax(logits)``."""
    logits, targets = _class_targets(logits, y)
    gradient = _ce_slope(softmax(logits), targets)
    gradient *= _scale(len(logits), reduction)
    return gradient


# --- regression losses ---------------------------------------------------------------------


def squared_error(pred: object, target: object, reduction: str = "mean") -> float:
    """``0.5 * sum_k (pred_k - target_k)^2`` per sample: smooth, but outliers dominate it."""
    pred, target = _prepare(pred, target)
    return _reduce(0.5 * (pred - target) ** 2, reduction)


def squared_error_grad(pred: object, target: object, reduction: str = "mean") -> Array:
    """``(pred - target)``, scaled by 1/N for the mean."""
    pred, target = _prepare(pred, target)
    return (pred - target) * _scale(len(pred), reduction)


def absolute_error(pred: object, target: object, reduction: str = "mean") -> float:
    """``sum_k |pred_k - target_k|`` per sample: robust to outliers, kinked at 0."""
    pred, target = _prepare(pred, target)
    return _reduce(np.abs(pred - target), reduction)


def absolute_error_grad(pred: object, target: object, reduction: str = "mean") -> Array:
    """``sign(pred - target)`` (0 at the kink), scaled by 1/N for the mean."""
    pred, target = _prepare(pred, target)
    return np.sign(pred - target) * _scale(len(pred), reduction)


def huber(pred: object, target: object, delta: float = 1.0, reduction: str = "mean") -> float:
    """Squared error for residuals within ``delta``, absolute error (shifted) beyond it."""
    pred, target = _prepare(pred, target)
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta!r}")
    r = np.abs(pred - target)
    per_entry = np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))
    return _reduce(per_entry, reduction)


def huber_grad(pred: object, target: object, delta: float = 1.0, reduction: str = "mean") -> Array:
    """The residual clipped to ``[-delta, delta]``, scaled by 1/N for the mean."""
    pred, target = _prepare(pred, target)
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta!r}")
    return np.clip(pred - target, -delta, delta) * _scale(len(pred), reduction)


# --- loss modules ----------------------------------------------------------------------------


class Loss:
    """A loss as a module: ``forward(pred, target)`` returns a float and remembers what
    ``backward()`` needs; ``backward()`` returns the gradient with respect to ``pred``, of
    ``pred``'s shape. Subclasses name the pair of functions they wrap."""

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
        self.reduction = reduction
        self._cache: tuple[object, object] | None = None

    def value(self, pred: object, target: object) -> float:
        raise NotImplementedError

    def gradient(self, pred: object, target: object) -> Array:
        raise NotImplementedError

    def forward(self, pred: object, target: object) -> float:
        """Loss of ``pred`` (shape (N,) or (N, K)) against ``target``; a float."""
        self._cache = (pred, target)
        return self.value(pred, target)

    __call__ = forward

    def backward(self) -> Array:
        """Gradient of the last forward's loss with respect to its ``pred``."""
        pred, target = self._cached()
        return np.reshape(self.gradient(pred, target), np.shape(pred))

    def _cached(self) -> tuple:
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward()")
        return self._cache


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy; with ``from_logits=True`` (default) ``pred`` holds logits.

    ``forward`` validates its inputs once and keeps them for ``backward``.
    """

    def __init__(self, from_logits: bool = True, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.from_logits = from_logits

    def forward(self, pred: object, target: object) -> float:
        """Loss of ``pred`` (shape (N,) or (N, 1)) against 0/1 targets; a float."""
        if self.from_logits:
            x, y = _prepare(pred, target, "z")
            terms = _bce_logits_terms(x, y)
        else:
            x, y = _probabilities(pred, target)
            terms = _bce_terms(x, y)
        self._cache = (x, y)
        return _reduce(terms, self.reduction)

    def backward(self) -> Array:
        """Gradient of the last forward's loss with respect to its ``pred``."""
        x, y = self._cached()
        slope = _bce_logits_slope(x, y) if self.from_logits else _bce_slope(x, y)
        slope *= _scale(len(x), self.reduction)
        return slope

    def value(self, pred: object, target: object) -> float:
        loss = binary_cross_entropy_with_logits if self.from_logits else binary_cross_entropy
        return loss(pred, target, self.reduction)

    def gradient(self, pred: object, target: object) -> Array:
        if self.from_logits:
            return binary_cross_entropy_with_logits_grad(pred, target, self.reduction)
        return binary_cross_entropy_grad(pred, target, self.reduction)


class SoftmaxCrossEntropy(Loss):
    """Softmax followed by cross-entropy, on logits of shape (N, K); gradient ``(P - Y)/N``.

    ``forward`` validates its inputs once and keeps ``log softmax(logits)``, from which
    ``backward`` gets the probabilities with one ``exp``.
    """

    def forward(self, pred: object, target: object) -> float:
        """Loss of logits (N, K) against class indices (N,) or target rows (N, K); a float."""
        logits, targets = _class_targets(pred, target)
        log_p = log_softmax(logits)
        self._cache = (log_p, targets)
        return _reduce(_ce_terms(log_p, targets), self.reduction)

    def backward(self) -> Array:
        """Gradient of the last forward's loss with respect to its logits, shape (N, K)."""
        log_p, targets = self._cached()
        gradient = _ce_slope(np.exp(log_p), targets)
        gradient *= _scale(len(log_p), self.reduction)
        return gradient

    def value(self, pred: object, target: object) -> float:
        return softmax_cross_entropy(pred, target, self.reduction)

    def gradient(self, pred: object, target: object) -> Array:
        return softmax_cross_entropy_grad(pred, target, self.reduction)


class SquaredError(Loss):
    """Half the squared error, summed over outputs (see `squared_error`)."""

    def value(self, pred: object, target: object) -> float:
        return squared_error(pred, target, self.reduction)

    def gradient(self, pred: object, target: object) -> Array:
        return squared_error_grad(pred, target, self.reduction)


class AbsoluteError(Loss):
    """Absolute error, summed over outputs (see `absolute_error`)."""

    def value(self, pred: object, target: object) -> float:
        return absolute_error(pred, target, self.reduction)

    def gradient(self, pred: object, target: object) -> Array:
        return absolute_error_grad(pred, target, self.reduction)


class HuberLoss(Loss):
    """Huber loss with threshold ``delta`` (see `huber`)."""

    def __init__(self, delta: float = 1.0, reduction: str = "mean") -> None:
        super().__init__(reduction)
        if not delta > 0:
            raise ValueError(f"delta must be positive, got {delta!r}")
        self.delta = float(delta)

    def value(self, pred: object, target: object) -> float:
        return huber(pred, target, self.delta, self.reduction)

    def gradient(self, pred: object, target: object) -> Array:
        return huber_grad(pred, target, self.delta, self.reduction)
