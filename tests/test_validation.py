"""Input checks: each error names the argument, the expectation and what was given."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib._validation import (
    as_binary_labels,
    as_class_labels,
    as_float_array,
    check_positive_int,
    check_rng,
    check_same_length,
    check_shape,
)


def test_as_float_array_converts_ints_and_keeps_float32():
    assert as_float_array("X", [[1, 2]]).dtype == np.float64
    x32 = np.zeros(3, dtype=np.float32)
    assert as_float_array("X", x32) is x32
    assert as_float_array("X", x32, dtype=np.float64).dtype == np.float64


@pytest.mark.parametrize(
    "value, kwargs, error, message",
    [
        ([["a"]], {}, TypeError, "X must hold real numbers, got an array of dtype <U1"),
        ([1 + 2j], {}, TypeError, "dtype complex128"),
        ([[1, 2], [3]], {}, TypeError, "X must be an array of numbers, got list"),
        (np.zeros(3), {"ndim": 2}, ValueError, r"X must be 2-D, got shape \(3,\)"),
        (np.zeros(3), {"ndim": (2, 3)}, ValueError, "X must be 2-D or 3-D"),
        ([np.nan], {}, ValueError, "X contains NaN or infinite values"),
        ([np.inf], {}, ValueError, "NaN or infinite"),
    ],
)
def test_as_float_array_rejects_bad_input(value, kwargs, error, message):
    with pytest.raises(error, match=message):
        as_float_array("X", value, **kwargs)


def test_nan_can_be_allowed():
    assert np.isnan(as_float_array("X", [np.nan], allow_nan=True)[0])


def test_check_shape():
    check_shape("W", np.zeros((2, 3)), (2, None))
    with pytest.raises(ValueError, match=r"W must have shape \(2, any\), got \(3, 3\)"):
        check_shape("W", np.zeros((3, 3)), (2, None))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\), got \(4, 1\)"):
        check_shape("b", np.zeros((4, 1)), (4,))


def test_check_same_length():
    check_same_length(("X", "y"), np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="X has 3, y has 2"):
        check_same_length(("X", "y"), np.zeros((3, 2)), np.zeros(2))


def test_labels():
    np.testing.assert_array_equal(as_binary_labels("y", [True, False]), [1.0, 0.0])
    with pytest.raises(ValueError, match=r"only 0 and 1, found \[2.0\]"):
        as_binary_labels("y", [0, 2])
    np.testing.assert_array_equal(as_class_labels("y", [0.0, 2.0]), [0, 2])
    for bad, message in [([0.5], "integer class indices"), ([-1], "non-negative"), ([[0]], "1-D")]:
        with pytest.raises((TypeError, ValueError), match=message):
            as_class_labels("y", bad)


def test_check_positive_int_and_rng():
    assert check_positive_int("epochs", np.int64(3)) == 3
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="epochs must be a positive integer"):
            check_positive_int("epochs", bad)
    generator = np.random.default_rng(0)
    assert check_rng("rng", generator) is generator
    assert check_rng("rng", 5).random() == np.random.default_rng(5).random()
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator or an int seed"):
        check_rng("rng", np.random.RandomState(0))
