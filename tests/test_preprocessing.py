"""Splitting samples into training and test sets, and one-hot encoding class labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.preprocessing import one_hot, train_test_split


def test_split_partitions_the_rows_and_keeps_pairs_together():
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100, dtype=np.int64)
    X_train, X_test, y_train, y_test = train_test_split(X, y, rng=7)
    assert len(X_test) == len(y_test) == 25 and len(X_train) == len(y_train) == 75
    assert y_train.dtype == np.int64
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), y)


def test_split_is_random_but_replayable():
    X, y = np.arange(50.0).reshape(-1, 1), np.arange(50)
    first = train_test_split(X, y, test_fraction=0.2, rng=8)
    np.testing.assert_array_equal(first[3], train_test_split(X, y, test_fraction=0.2, rng=8)[3])
    assert not np.array_equal(first[3], train_test_split(X, y, test_fraction=0.2, rng=9)[3])


def test_split_rejects_mismatched_lengths():
    message = "X and y must have the same number of rows: X has 10, y has 9"
    with pytest.raises(ValueError, match=message):
        train_test_split(np.zeros((10, 2)), np.zeros(9), rng=0)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.5, 0.01])
def test_split_needs_a_sample_on_each_side(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(np.zeros((10, 2)), np.zeros(10), test_fraction=fraction, rng=0)


def test_one_hot_puts_a_single_one_in_the_column_of_the_class():
    np.testing.assert_array_equal(one_hot([0, 2, 1]), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert one_hot([1, 1], n_classes=4).shape == (2, 4)
    assert one_hot(np.array([0.0, 1.0])).dtype == np.float64


@settings(max_examples=50, deadline=None)
@given(labels=st.lists(st.integers(0, 6), min_size=1, max_size=20))
def test_argmax_undoes_one_hot(labels):
    encoded = one_hot(labels)
    np.testing.assert_array_equal(encoded.argmax(axis=1), labels)
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("labels", "n_classes", "error", "message"),
    [
        ([0, 3], 3, ValueError, "only 3 classes"),
        ([0, -1], None, ValueError, "non-negative"),
        ([0.5], None, TypeError, "integer class indices"),
        ([], None, ValueError, "pass n_classes"),
        ([0], 0, ValueError, "n_classes must be a positive integer"),
    ],
)
def test_one_hot_rejects_bad_labels(labels, n_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, n_classes)
