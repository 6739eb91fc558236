"""Specification of the grading helpers: right answers pass silently, wrong ones are named."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from test_gradcheck import Linear, SignFlippedLinear

from course_lib.checks import (
    check_array,
    check_close,
    check_equal,
    check_gradient_function,
    check_module_gradients,
    check_scalar,
)


@pytest.fixture(autouse=True)
def _silent(capsys, recwarn):
    """nbgrader scores any output on stderr as zero: every helper must stay quiet."""
    yield
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert not recwarn.list, [str(w.message) for w in recwarn.list]


class FakeArray:
    """Claims whatever shape is asked of it and equals anything."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape, self.ndim, self.size = shape, len(shape), int(np.prod(shape))
        self.dtype = np.dtype(np.float64)

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = None


class FakeFloat(float):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = float.__hash__


class FakeFloat64(np.float64):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = np.float64.__hash__


class ArraySubclass(np.ndarray):
    pass


def matrix(values: object) -> np.matrix:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix(values)


EXPECTED = np.array([[1.0, 2.0], [3.0, 4.0]])


@contextmanager
def fails(*fragments: str) -> Iterator[None]:
    """Expect an AssertionError whose message contains every fragment."""
    with pytest.raises(AssertionError) as info:
        yield
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


# --- check_array and check_close -------------------------------------------------------


def test_check_array_returns_a_float64_copy():
    answer = np.array([[1, 2]], dtype=np.int32)
    copy = check_array("counts", answer, shape=(1, None), dtype_kind="fi")
    assert copy.dtype == np.float64 and copy is not answer
    np.testing.assert_array_equal(copy, [[1.0, 2.0]])


def test_check_array_shape_none_matches_any_size_but_not_any_dimension():
    check_array("x", np.zeros((5, 3)), shape=(None, 3))
    with fails("x must have shape (any, 3)", "(3,)"):
        check_array("x", np.zeros(3), shape=(None, 3))


def test_check_array_refuses_an_unknown_dtype_kind():
    with pytest.raises(ValueError, match="dtype_kind"):
        check_array("x", np.zeros(2), dtype_kind="z")


def test_check_close_accepts_right_float64_and_float32_answers():
    check_close("weights", EXPECTED.copy(), EXPECTED)
    check_close("weights", EXPECTED.astype(np.float32), EXPECTED)


def test_check_close_accepts_ints_only_when_allowed():
    check_close("weights", np.array([[1, 2], [3, 4]]), EXPECTED, dtype_kind="fi")
    with fails("weights should hold floating-point numbers", "int64"):
        check_close("weights", np.array([[1, 2], [3, 4]]), EXPECTED)


@pytest.mark.parametrize(
    ("answer", "fragments"),
    [
        (np.zeros((2, 3)), ["weights must have shape (2, 2)", "(2, 3)"]),
        ([[1.0, 2.0], [3.0, 4.0]], ["weights should be a numpy array", "a list", "np.array"]),
        (EXPECTED.view(ArraySubclass), ["ArraySubclass", "not a plain numpy array"]),
        (FakeArray((2, 2)), ["should be a numpy array", "a FakeArray"]),
        (matrix([[1.0, 2.0], [3.0, 4.0]]), ["numpy.matrix", "not a plain numpy array"]),
        (None, ["None", "return statement"]),
        (np.array([[1.0, 2.0], [np.nan, 4.0]]), ["NaN or infinite", "index (1, 0)"]),
        (np.array([[1.0, 2.0], [3.5, 4.0]]), ["1 of 4 entries", "(1, 0)", "got 3.5", "expected 3"]),
        (np.array(["1", "2", "3", "4"]).reshape(2, 2), ["floating-point numbers", "<U1"]),
    ],
    ids=["shape", "list", "subclass", "fake", "matrix", "none", "nan", "values", "strings"],
)
def test_check_close_names_the_problem(answer, fragments):
    with fails(*fragments):
        check_close("weights", answer, EXPECTED)


def test_check_close_reports_the_worst_entry_not_the_first():
    answer = np.array([[1.1, 2.0], [3.0, 40.0]])
    with fails("2 of 4 entries", "index (1, 1)", "got 40", "expected 4"):
        check_close("weights", answer, EXPECTED)


def test_check_close_survives_answers_that_would_overflow_a_naive_difference():
    with fails("index (0,)"):
        check_close("x", np.array([-1e308]), np.array([1e308]))


# --- check_scalar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [3, 3.0, np.int64(3), np.float32(3.0), np.array(3.0), np.array(3)]
)
def test_check_scalar_accepts_real_numbers_and_returns_a_float(answer):
    result = check_scalar("loss", answer, 3.0)
    assert type(result) is float and result == 3.0


@pytest.mark.parametrize(
    ("answer", "fragments"),
    [
        (True, ["real number", "a bool"]),
        (FakeFloat(3.0), ["real number", "FakeFloat"]),
        (FakeFloat64(3.0), ["real number", "FakeFloat64"]),
        ("3.0", ["real number", "a str"]),
        (None, ["None", "return statement"]),
        (np.array([3.0]), ["single number", "shape (1,)", ".item()"]),
        (np.zeros((2, 2)), ["single number", "shape (2, 2)"]),
        (np.array(True), ["real number", "bool"]),
        (float("nan"), ["finite number", "nan"]),
        (np.float64(np.inf), ["finite number", "inf"]),
        (10**400, ["too large"]),
        (2.5, ["loss is 2.5", "expected value is 3"]),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, list) else None,
)
def test_check_scalar_names_the_problem(answer, fragments):
    with fails(*fragments):
        check_scalar("loss", answer, 3.0)


def test_check_scalar_without_expected_checks_only_the_type():
    assert check_scalar("loss", np.float64(-7.25)) == -7.25


# --- check_equal -------------------------------------------------------------------------


LABELS = np.array([2, 0, 1, 1])


@pytest.mark.parametrize(
    "answer",
    [
        np.array([2, 0, 1, 1]),
        np.array([2, 0, 1, 1], dtype=np.uint8),
        np.array([2, 0, 1, 1], dtype=np.int32),
    ],
)
def test_check_equal_accepts_any_integer_dtype(answer):
    check_equal("predictions", answer, [2, 0, 1, 1])


def test_check_equal_compares_boolean_masks():
    check_equal("mask", np.array([True, False]), np.array([True, False]))
    with fails("mask should hold booleans", "int64"):
        check_equal("mask", np.array([1, 0]), np.array([True, False]))


@pytest.mark.parametrize(
    ("answer", "fragments"),
    [
        (np.array([2.0, 0.0, 1.0, 1.0]), ["should hold integers", "float64"]),
        (np.array([True, False, True, True]), ["should hold integers", "bool"]),
        (np.array([2, 0, 1]), ["must have shape (4,)", "(3,)"]),
        ([2, 0, 1, 1], ["numpy array", "a list"]),
        (LABELS.view(ArraySubclass), ["not a plain numpy array"]),
        (FakeArray((4,)), ["numpy array", "FakeArray"]),
        (matrix([2, 0, 1, 1]), ["numpy.matrix"]),
        (np.array([2, 0, 0, 1]), ["1 of 4 entries", "index (2,)", "got 0", "expected 1"]),
    ],
    ids=["floats", "bools", "shape", "list", "subclass", "fake", "matrix", "values"],
)
def test_check_equal_names_the_problem(answer, fragments):
    with fails(*fragments):
        check_equal("predictions", answer, LABELS)


def test_check_equal_refuses_a_float_reference():
    with pytest.raises(ValueError, match="expected must hold integers"):
        check_equal("predictions", LABELS, [2.0, 0.0, 1.0, 1.0])


# --- check_gradient_function ---------------------------------------------------------------


def half_squared_norm(x):
    return 0.5 * float(np.sum(x**2))


SHAPES = [(1, 3), (4, 3)]


def test_a_right_gradient_function_passes():
    check_gradient_function("grad_half_norm", half_squared_norm, lambda x: x.copy(), SHAPES, rng=0)


def test_a_wrong_gradient_function_fails_with_the_report_and_its_diagnosis():
    with fails("grad_half_norm is wrong", "shape (1, 3)", "FAILED", "opposite sign"):
        check_gradient_function("grad_half_norm", half_squared_norm, lambda x: -x, SHAPES, rng=0)


@pytest.mark.parametrize(
    ("gradient", "fragments"),
    [
        (lambda x: x.tolist(), ["returned by grad_half_norm", "a list"]),
        (lambda x: FakeArray(x.shape), ["returned by grad_half_norm", "FakeArray"]),
        (lambda x: None, ["None", "return statement"]),
        (lambda x: x.view(ArraySubclass), ["ArraySubclass", "not a plain numpy array"]),
        (lambda x: matrix(x), ["numpy.matrix"]),
        (lambda x: x * np.nan, ["NaN or infinite"]),
        (lambda x: x.T, ["shape (3, 1)", "transposed"]),
    ],
    ids=["list", "fake", "none", "subclass", "matrix", "nan", "transposed"],
)
def test_a_gradient_function_returning_the_wrong_thing_is_named(gradient, fragments):
    with fails(*fragments):
        check_gradient_function("grad_half_norm", half_squared_norm, gradient, SHAPES, rng=0)


def test_a_function_value_that_is_not_a_number_is_named():
    with fails("the function value for grad_half_norm", "shape (3,)"):
        check_gradient_function("grad_half_norm", lambda x: x[0], lambda x: x, [(3, 3)], rng=0)


# --- check_module_gradients ---------------------------------------------------------------


def test_a_right_module_passes():
    check_module_gradients("Linear", lambda: Linear(3, 2), [(1, 3), (5, 3)], rng=0)


def test_a_broken_module_fails_naming_the_gradient_and_the_mistake():
    with fails("Linear computes wrong gradients", "respect to W", "opposite sign"):
        check_module_gradients("Linear", lambda: SignFlippedLinear(3, 2), [(4, 3)], rng=0)


class SilentLinear(Linear):
    """Forgets to return the input gradient."""

    def backward(self, dout):
        super().backward(dout)


class FakeGradLinear(Linear):
    """Hands back an object that equals anything instead of a gradient."""

    def backward(self, dout):
        dX = super().backward(dout)
        self.grads["W"] = FakeArray(self.params["W"].shape)
        return dX


class ListGradLinear(Linear):
    """Stores its gradients in a list instead of a dict."""

    def backward(self, dout):
        dX = super().backward(dout)
        self.grads = list(self.grads.values())
        return dX


@pytest.mark.parametrize(
    ("factory", "fragments"),
    [
        (lambda: SilentLinear(3, 2), ["Linear.backward(dout)", "None"]),
        (lambda: FakeGradLinear(3, 2), ["Linear.grads['W']", "FakeArray"]),
        (lambda: object(), ["Linear.params should be a dict", "None"]),
        (lambda: ListGradLinear(3, 2), ["Linear.grads should be a dict", "a list"]),
    ],
    ids=["no-return", "fake-grad", "no-params", "grads-list"],
)
def test_a_module_breaking_the_protocol_is_named(factory, fragments):
    with fails(*fragments):
        check_module_gradients("Linear", factory, [(2, 3)], rng=0)
