"""Specification of the diagnosis of a failing gradient check: each classic mistake is named.

The diagnosis is read through `check_gradient` and `check_module`, as a student meets it."""

from __future__ import annotations

import numpy as np
import pytest
from test_gradcheck import Linear, Sigmoid, SignFlippedLinear, batch

from course_lib.gradcheck import WRONG_ERROR, check_gradient, check_module

# --- Deliberately broken modules: each carries one classic mistake -----------------------


class AveragedLinear(Linear):
    """Divides dW by the batch size although the loss it feeds is a sum."""

    def weight_gradient(self, dout):
        return self.X.T @ dout / len(self.X)


class TransposedLinear(Linear):
    def weight_gradient(self, dout):
        return (self.X.T @ dout).T


class ZeroBiasLinear(Linear):
    def bias_gradient(self, dout):
        return np.zeros_like(self.params["b"])


class OffByOneLinear(Linear):
    """Fills the last sample's input gradient from the first sample's upstream gradient."""

    def input_gradient(self, dout):
        dX = dout @ self.params["W"].T
        dX[-1] = dout[0] @ self.params["W"].T
        return dX


class BiasRowLinear(Linear):
    """Bias folded into the last row of W (inputs get a column of ones); that row's
    gradient averages over the batch instead of summing."""

    def __init__(self, d_in: int, d_out: int, rng: int = 0) -> None:
        super().__init__(d_in + 1, d_out, rng)
        del self.params["b"]

    def forward(self, X):
        self.X = np.hstack([X, np.ones((len(X), 1))])
        return self.X @ self.params["W"]

    def backward(self, dout):
        dW = self.X.T @ dout
        dW[-1] = dout.mean(axis=0)
        self.grads = {"W": dW}
        return dout @ self.params["W"][:-1].T


class AveragedBiasLinear(Linear):
    """Divides db by the batch size although the loss it feeds is a sum."""

    def bias_gradient(self, dout):
        return dout.mean(axis=0)


class WrongSigmoid(Sigmoid):
    """Uses s instead of s (1 - s) as the derivative."""

    def backward(self, dout):
        return dout * self.s


# --- check_gradient on functions: the shape of the error is named -----------------------


def test_a_missing_one_over_n_is_reported_as_a_factor_close_to_n():
    x = batch(1, 5)[0]
    report = check_gradient(lambda z: np.mean(z**2), lambda z: 2 * z, x)
    assert not report.passed and report.max_rel_error > WRONG_ERROR
    assert "is about 5 times the numerical one" in report.diagnosis and "1/N" in report.diagnosis


def test_a_factor_of_the_batch_size_is_named_a_missing_one_over_n_even_for_one_entry():
    X = batch(4, 3)
    mean_of_outputs = lambda bias: np.mean(X @ np.ones(3) + bias[0])  # noqa: E731
    summed = check_gradient(
        mean_of_outputs, lambda bias: np.array([4.0]), np.zeros(1), batch_size=4
    )
    assert "N = 4 times" in summed.diagnosis and "a missing 1/N" in summed.diagnosis
    summed_everywhere = check_gradient(
        lambda z: np.mean(z**2), lambda z: 2 * z, batch(1, 5)[0], batch_size=5
    )
    assert "a missing 1/N" in summed_everywhere.diagnosis


def test_one_entry_with_another_factor_gives_the_ratio_and_no_pattern():
    report = check_gradient(lambda z: float(z[0] ** 2), lambda z: 2.5 * 2 * z, np.ones(1))
    assert "analytic / numerical = 2.5" in report.diagnosis
    assert "times the numerical one at every checked entry" not in report.diagnosis


def test_a_batch_size_that_is_not_a_positive_integer_is_refused():
    with pytest.raises(ValueError, match="batch_size"):
        check_gradient(np.sum, np.ones_like, np.ones(2), batch_size=0)


def test_a_factor_far_from_any_integer_is_given_without_a_guess():
    x = batch(3, 3)
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 2.7 * 2 * z, x)
    assert "2.7 times" in report.diagnosis and "about" not in report.diagnosis


def test_a_gradient_of_the_wrong_shape_names_both_shapes():
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 2 * z.ravel(), batch(2, 3))
    assert not report.passed and report.checked == 0 and report.max_rel_error == np.inf
    assert "shape (6,) but x has shape (2, 3)" in report.diagnosis


def test_an_f_that_is_nan_next_to_x_is_blamed_instead_of_the_gradient():
    undefined_right_of_one = lambda z: np.sum(z**2) if z[0] <= 1.0 else np.nan  # noqa: E731
    report = check_gradient(undefined_right_of_one, lambda z: 2 * z, np.array([1.0, 2.0]))
    assert not report.passed and "f itself is NaN" in report.diagnosis


def test_a_nan_in_the_analytic_gradient_is_named():
    report = check_gradient(np.sum, lambda z: np.full_like(z, np.nan), np.ones(3))
    assert not report.passed and "NaN" in report.diagnosis


def test_a_slightly_wrong_gradient_is_called_suspicious_not_wrong():
    x = batch(4, 3)
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 2 * z + 1e-4 * z**2, x)
    assert not report.passed and report.max_rel_error < WRONG_ERROR
    assert "only slightly" in report.diagnosis


def test_a_sampled_check_compares_only_num_checks_entries_and_still_diagnoses():
    x = batch(6, 5)
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 6 * z, x, num_checks=4, rng=3)
    assert report.checked == 4
    assert "about 3 times" in report.diagnosis


# --- check_module: every broken module is caught with the right diagnosis ------------------


@pytest.mark.parametrize(
    ("module", "X", "key", "words"),
    [
        (SignFlippedLinear(3, 2), batch(4, 3), "W", ["opposite sign"]),
        (AveragedLinear(3, 2), batch(4, 3), "W", ["1/N = 1/4 times", "an extra 1/N"]),
        (AveragedBiasLinear(3, 1), batch(4, 3), "b", ["1/N = 1/4 times", "an extra 1/N"]),
        (TransposedLinear(3, 3), batch(4, 3), "W", ["transposed"]),
        (TransposedLinear(3, 2), batch(4, 3), "W", ["shape (2, 3)", "(3, 2)", "transposed"]),
        (ZeroBiasLinear(3, 2), batch(4, 3), "b", ["all zeros"]),
        (OffByOneLinear(3, 2), batch(4, 3), "X", ["rows [3] are wrong", "batch-indexing"]),
        (BiasRowLinear(3, 2), batch(4, 3), "W", ["rows [3] are wrong", "bias"]),
        (WrongSigmoid(), batch(4, 3), "X", ["no simple pattern"]),
    ],
    ids=lambda value: type(value).__name__ if hasattr(value, "forward") else None,
)
def test_a_broken_module_is_flagged_with_the_right_diagnosis(module, X, key, words):
    reports = check_module(module, X, rng=0)
    report = reports[key]
    assert not report.passed and report.max_rel_error > WRONG_ERROR
    for word in words:
        assert word in report.diagnosis, report.diagnosis
    assert all(other.passed for name, other in reports.items() if name != key)


def test_a_sampled_module_check_still_names_the_sign_error():
    report = check_module(SignFlippedLinear(8, 6), batch(5, 8), rng=0, num_checks=5)["W"]
    assert report.checked == 5 and "opposite sign" in report.diagnosis
