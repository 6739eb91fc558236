"""Preparing a data set for training: holding out a test set and one-hot encoding labels.

Both work on any data set of the course: rows are samples, ``X`` has shape (N, D), class
labels are int class indices of shape (N,). Splitting draws from an explicit ``rng`` (a
``numpy.random.Generator`` or an int seed), never from numpy's global state.
"""

from __future__ import annotations

import numpy as np

from course_lib._validation import (
    as_class_labels,
    as_float_array,
    check_positive_int,
    check_rng,
    check_same_length,
)


def train_test_split(
    X: object, y: object, *, test_fraction: float = 0.25, rng: np.random.Generator | int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split samples at random into a training set and a test set.

    Args:
        X: array of shape (N, D).
        y: array of shape (N,) or (N, K); its dtype is kept.
        test_fraction: the share of the N samples, strictly between 0 and 1, that goes to
            the test set (rounded to the nearest count, and at least one sample on each side).
        rng: a Generator or an int seed.

    Returns:
        X_train: array of shape (N - M, D); X_test: array of shape (M, D);
        y_train: the matching N - M rows of y; y_test: the matching M rows of y.
    """
    X = as_float_array("X", X, ndim=2)
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}")
    check_same_length(("X", "y"), X, y)
    fraction = float(as_float_array("test_fraction", test_fraction, ndim=0))
    if not 0 < fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {fraction}")
    n_test = round(fraction * len(X))
    if not 1 <= n_test < len(X):
        raise ValueError(
            f"test_fraction={fraction} of {len(X)} samples leaves {n_test} for testing and "
            f"{len(X) - n_test} for training; both need at least one"
        )
    order = check_rng("rng", rng).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def one_hot(y: object, n_classes: int | None = None) -> np.ndarray:
    """Class indices as one-hot rows.

    Args:
        y: int array of shape (N,) of class indices 0 .. K-1.
        n_classes: the number of classes K; by default the largest index in y plus one.

    Returns:
        float64 array of shape (N, K), with a single 1.0 per row, in column y[i].
    """
    if n_classes is not None:
        n_classes = check_positive_int("n_classes", n_classes)
    labels = as_class_labels("y", y, n_classes)
    if n_classes is None:
        if labels.size == 0:
            raise ValueError("y is empty: pass n_classes to say how many columns to make")
        n_classes = int(labels.max()) + 1
    return np.eye(n_classes, dtype=np.float64)[labels]
