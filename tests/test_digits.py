"""The handwritten digits: what the UCI description promises of them."""

from __future__ import annotations

import numpy as np

from course_lib.digits import load_digits


def test_digits_have_the_uci_test_set_size_classes_and_pixel_range():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == 10 and counts.min() >= 170
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))  # counts out of 16, rescaled


def test_first_digit_is_a_zero_with_an_empty_centre():
    X, y = load_digits()
    image = X[0].reshape(8, 8)
    assert y[0] == 0
    assert image[3:5, 3:5].max() < 0.2 and image[:, 2].max() > 0.5  # a ring around a hole
