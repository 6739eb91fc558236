"""Input checks shared by the whole library.

Every public function that takes arrays passes them through here first, so a student who
hands over the wrong thing reads which argument was wrong, what was expected and what was
given, instead of a numpy traceback from deep inside a matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def as_float_array(
    name: str,
    value: object,
    *,
    ndim: int | Sequence[int] | None = None,
    allow_nan: bool = False,
    dtype: np.dtype | type | None = None,
) -> np.ndarray:
    """Return ``value`` as a floating-point array, or raise a clear error.

    Args:
        name: the argument's name, used in error messages.
        value: an array-like of numbers (bools and integers are converted).
        ndim: the number of dimensions required, or a sequence of allowed numbers.
        allow_nan: whether NaN and infinite entries are accepted.
        dtype: the floating dtype to convert to; by default float64 unless ``value``
            already is float32 or float64.

    Returns:
        An ndarray of a floating dtype (a view of ``value`` where no copy is needed).

    Raises:
        TypeError: ``value`` is not numeric (strings, objects, complex numbers).
        ValueError: wrong number of dimensions, or NaN/inf where they are not allowed.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from error
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype} "
            f"(from {type(value).__name__})"
        )
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    elif array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    if not allow_nan and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def check_shape(name: str, array: np.ndarray, expected: tuple[int | None, ...]) -> None:
    """Raise ValueError unless ``array.shape`` matches ``expected`` (None matches any size)."""
    shape = np.shape(array)
    matches = len(shape) == len(expected) and all(
        want is None or want == got for want, got in zip(expected, shape, strict=True)
    )
    if not matches:
        pretty = "(" + ", ".join("any" if d is None else str(d) for d in expected)
        pretty += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{name} must have shape {pretty}, got {shape}")


def check_same_length(names: Sequence[str], *arrays: np.ndarray) -> None:
    """Raise ValueError unless all arrays have the same number of rows (samples)."""
    lengths = [len(a) for a in arrays]
    if len(set(lengths)) > 1:
        described = ", ".join(f"{n} has {k}" for n, k in zip(names, lengths, strict=True))
        raise ValueError(f"{' and '.join(names)} must have the same number of rows: {described}")


def as_binary_labels(name: str, value: object) -> np.ndarray:
    """Return ``value`` as a 1-D float array of 0s and 1s, or raise a clear error."""
    labels = as_float_array(name, value, ndim=1)
    if not np.all((labels == 0) | (labels == 1)):
        bad = np.unique(labels[(labels != 0) & (labels != 1)])[:5]
        raise ValueError(f"{name} must contain only 0 and 1, found {bad.tolist()}")
    return labels


def as_class_labels(name: str, value: object, n_classes: int | None = None) -> np.ndarray:
    """Return ``value`` as a 1-D int array of class indices ``0 .. n_classes-1``."""
    labels = np.asarray(value)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {labels.shape}")
    if (
        labels.dtype.kind == "f"
        and np.all(np.isfinite(labels))
        and np.all(labels == np.round(labels))
    ):
        labels = labels.astype(np.int64)
    if labels.dtype.kind not in "biu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {labels.dtype}")
    labels = labels.astype(np.int64)
    if labels.size and labels.min() < 0:
        raise ValueError(f"{name} must be non-negative class indices, found {labels.min()}")
    if n_classes is not None and labels.size and labels.max() >= n_classes:
        raise ValueError(
            f"{name} holds class {labels.max()} but there are only {n_classes} classes"
        )
    return labels


def check_positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is a positive integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_rng(name: str, rng: object) -> np.random.Generator:
    """Return ``rng`` as a Generator: accepts a Generator or an int seed, nothing global."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be a numpy.random.Generator or an int seed, got {type(rng).__name__}"
    )
