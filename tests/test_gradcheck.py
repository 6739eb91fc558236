"""Specification of the gradient checker: right gradients pass, wrong ones fail, kinks are
stepped around. What the diagnosis of a failure says is specified in test_gradient_diagnosis.

The modules below follow the layer protocol; the other test files import them from here."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings

from course_lib.gradcheck import (
    GOOD_ERROR,
    WRONG_ERROR,
    GradientReport,
    check_gradient,
    check_module,
    numerical_gradient,
    rel_error,
)

from strategies import feature_counts, matrices, seeds

# A correct gradient entry that cancels to about 1e-6 by chance is measured with a rounding
# error above 1e-7 (about one draw in a thousand): fixed examples keep these tests stable.
stable = settings(max_examples=25, deadline=None, derandomize=True, database=None)


# --- Modules following the layer protocol, correct ones first ---------------------------


class Linear:
    """``X @ W + b`` with W of shape (D_in, D_out) and b of shape (D_out,)."""

    def __init__(self, d_in: int, d_out: int, rng: int = 0, input_grad: bool = True) -> None:
        generator = np.random.default_rng(rng)
        self.params = {
            "W": generator.standard_normal((d_in, d_out)),
            "b": generator.standard_normal(d_out),
        }
        self.grads: dict[str, np.ndarray] = {}
        self.input_grad = input_grad

    def forward(self, X: np.ndarray) -> np.ndarray:
        self.X = X
        return X @ self.params["W"] + self.params["b"]

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        self.grads = {"W": self.weight_gradient(dout), "b": self.bias_gradient(dout)}
        return self.input_gradient(dout) if self.input_grad else None

    def weight_gradient(self, dout: np.ndarray) -> np.ndarray:
        return self.X.T @ dout

    def bias_gradient(self, dout: np.ndarray) -> np.ndarray:
        return dout.sum(axis=0)

    def input_gradient(self, dout: np.ndarray) -> np.ndarray:
        return dout @ self.params["W"].T


class Parameterless:
    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}


class ReLU(Parameterless):
    def forward(self, X: np.ndarray) -> np.ndarray:
        self.X = X
        return np.maximum(X, 0.0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * (self.X > 0)


class Sigmoid(Parameterless):
    def forward(self, X: np.ndarray) -> np.ndarray:
        self.s = 0.5 * (1.0 + np.tanh(0.5 * X))
        return self.s

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.s * (1.0 - self.s)


# --- Deliberately broken modules: each carries one classic mistake -----------------------


class SignFlippedLinear(Linear):
    def weight_gradient(self, dout):
        return -(self.X.T @ dout)


class InvertedReLU(ReLU):
    """Passes the gradient where the input was negative instead of positive."""

    def backward(self, dout):
        return dout * (self.X <= 0)


def batch(rows: int, cols: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((rows, cols))


# --- numerical_gradient and rel_error -------------------------------------------------


def test_numerical_gradient_matches_the_derivative_of_a_cubic():
    x = batch(3, 4)
    numerical = numerical_gradient(lambda z: np.sum(z**3), x)
    assert numerical.shape == x.shape
    np.testing.assert_allclose(numerical, 3 * x**2, rtol=1e-7, atol=1e-9)


def test_numerical_gradient_leaves_x_exactly_as_it_was():
    x = batch(2, 3)
    before = x.copy()
    numerical_gradient(lambda z: np.sum(np.sin(z)), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = batch(2, 2)
    before = x.copy()
    calls = []

    def fragile(z):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(np.sum(z))

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(fragile, x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_refuses_float32_and_says_how_to_convert():
    with pytest.raises(TypeError, match=r"float32 is too coarse.*astype\(np.float64\)"):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float32))


def test_numerical_gradient_refuses_a_list():
    with pytest.raises(TypeError, match=r"float64 numpy array.*got list"):
        numerical_gradient(np.sum, [1.0, 2.0])


def test_numerical_gradient_refuses_an_f_that_returns_an_array():
    with pytest.raises(TypeError, match="one real number"):
        numerical_gradient(lambda z: z * 2, np.ones(3))


def test_rel_error_is_the_largest_entrywise_relative_difference():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 1.0])) == pytest.approx(1 / 3)
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    # Near zero the denominator is floored at 1e-8.
    assert rel_error(np.array([1e-9]), np.array([0.0])) == pytest.approx(0.1)


def test_rel_error_names_both_shapes_when_they_differ():
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


# --- check_gradient on functions -----------------------------------------------------------


def test_a_right_gradient_passes_with_a_readable_report():
    x = batch(3, 2)
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 2 * z, x)
    assert isinstance(report, GradientReport)
    assert report.passed and report.max_rel_error < GOOD_ERROR
    assert report.diagnosis == "" and report.checked == 6 and report.moved == 0
    assert "passed" in str(report)


def test_the_report_text_shows_worst_entry_both_values_error_and_diagnosis():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    report = check_gradient(lambda z: np.sum(z**2), lambda z: 2 * z * [[1, 1], [1, -1]], x)
    text = str(report)
    assert "FAILED" in text and "[1, 1]" in text
    assert "analytic -6" in text and "numerical 6" in text
    assert "1.00e+00" in text and f"diagnosis: {report.diagnosis}" in text


def test_a_read_only_x_is_refused():
    x = np.ones(3)
    x.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        check_gradient(np.sum, np.ones_like, x)


def test_a_sampled_check_is_reproducible_from_its_seed():
    x = batch(6, 5)
    wrong = np.ones_like(x)
    first = check_gradient(
        np.sum, lambda z: wrong * np.arange(30).reshape(6, 5), x, num_checks=3, rng=7
    )
    again = check_gradient(
        np.sum, lambda z: wrong * np.arange(30).reshape(6, 5), x, num_checks=3, rng=7
    )
    assert first == again


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"x": np.ones(0)}, ValueError),
        ({"x": np.ones(2), "tol": -1.0}, ValueError),
        ({"x": np.ones(2), "num_checks": 0}, ValueError),
        ({"x": np.ones(2), "kink_retries": -1}, ValueError),
        ({"x": np.ones(2), "rng": "seed"}, TypeError),
    ],
)
def test_check_gradient_rejects_bad_arguments(arguments, error):
    with pytest.raises(error):
        check_gradient(np.sum, np.ones_like, **arguments)


def test_a_grad_f_that_returns_none_is_told_so():
    with pytest.raises(TypeError, match="returned None"):
        check_gradient(np.sum, lambda z: None, np.ones(2))


# --- Kinks -------------------------------------------------------------------------------


def test_abs_at_zero_passes_once_the_point_is_moved():
    x = np.array([0.0, 1.5, 0.0, -2.0])
    slope_right_at_zero = lambda z: np.where(z >= 0, 1.0, -1.0)  # noqa: E731
    report = check_gradient(lambda z: np.sum(np.abs(z)), slope_right_at_zero, x, rng=0)
    assert report.passed and report.moved > 0
    np.testing.assert_array_equal(x, [0.0, 1.5, 0.0, -2.0])


def test_max_of_tied_entries_passes_once_the_point_is_moved():
    x = np.array([1.0, 1.0, 0.5])
    first_of_the_tied = lambda z: np.eye(len(z))[np.argmax(z)]  # noqa: E731
    report = check_gradient(np.max, first_of_the_tied, x, rng=0)
    assert report.passed and report.moved > 0


def test_a_right_relu_on_inputs_exactly_zero_passes_after_moving():
    X = batch(4, 3)
    X[X < 0.3] = 0.0
    report = check_module(ReLU(), X, rng=0)["X"]
    assert report.passed and report.max_rel_error < GOOD_ERROR and report.moved > 0
    assert "moved 1 time(s) away from a kink" in str(report)


def test_without_moving_a_right_relu_on_zeros_looks_wrong():
    X = batch(4, 3)
    X[X < 0.3] = 0.0
    report = check_gradient(
        lambda z: np.sum(np.maximum(z, 0.0)), lambda z: (z > 0) * 1.0, X, kink_retries=0
    )
    assert not report.passed and report.moved == 0


def test_a_wrong_relu_derivative_at_a_kink_still_fails_after_moving():
    X = batch(4, 3)
    X[X < 0.3] = 0.0
    report = check_module(InvertedReLU(), X, rng=0)["X"]
    assert not report.passed and report.moved > 0
    assert report.max_rel_error > WRONG_ERROR and report.diagnosis


def test_a_smooth_wrong_gradient_is_not_mistaken_for_a_kink():
    report = check_module(SignFlippedLinear(3, 2), batch(4, 3), rng=0)["W"]
    assert not report.passed and report.moved == 0


# --- check_module: right modules pass on random shapes, batch of one included -------------


@stable
@given(X=matrices(), d_out=feature_counts, seed=seeds)
@example(X=np.array([[0.3, -1.2, 2.0]]), d_out=2, seed=0)
def test_a_right_linear_layer_passes(X, d_out, seed):
    reports = check_module(Linear(X.shape[1], d_out, seed), X, rng=seed)
    assert set(reports) == {"X", "W", "b"}
    for report in reports.values():
        assert report.max_rel_error < GOOD_ERROR, str(report)
        assert report.moved == 0


@stable
@given(X=matrices(), seed=seeds)
@example(X=np.array([[0.3, -1.2, 2.0]]), seed=0)
def test_a_right_relu_passes(X, seed):
    report = check_module(ReLU(), X, rng=seed)["X"]
    assert report.max_rel_error < GOOD_ERROR, str(report)


@stable
@given(X=matrices(), seed=seeds)
@example(X=np.array([[0.3, -1.2, 2.0]]), seed=0)
def test_a_right_sigmoid_passes(X, seed):
    report = check_module(Sigmoid(), X, rng=seed)["X"]
    assert report.max_rel_error < GOOD_ERROR, str(report)


# --- check_module: restoring state, options and the errors of a misbehaving module ---------


def test_check_module_restores_parameters_and_leaves_the_input_alone():
    module, X = Linear(3, 2), batch(4, 3)
    W, b, X_before = module.params["W"].copy(), module.params["b"].copy(), X.copy()
    check_module(module, X, rng=0)
    np.testing.assert_array_equal(module.params["W"], W)
    np.testing.assert_array_equal(module.params["b"], b)
    np.testing.assert_array_equal(X, X_before)


def test_check_module_skips_the_input_gradient_when_asked():
    reports = check_module(Linear(3, 2, input_grad=False), batch(2, 3), rng=0, input_grad=False)
    assert set(reports) == {"W", "b"} and all(r.passed for r in reports.values())


def test_check_module_explains_a_missing_input_gradient():
    with pytest.raises(TypeError, match="input_grad=False"):
        check_module(Linear(3, 2, input_grad=False), batch(2, 3), rng=0)


def test_check_module_refuses_float32_parameters_by_name():
    module = Linear(3, 2)
    module.params["W"] = module.params["W"].astype(np.float32)
    with pytest.raises(TypeError, match=r"module.params\['W'\].*float32 is too coarse"):
        check_module(module, batch(2, 3), rng=0)


class ForgetfulLinear(Linear):
    def backward(self, dout):
        dX = super().backward(dout)
        del self.grads["b"]
        return dX


def test_check_module_says_which_gradient_backward_did_not_store():
    with pytest.raises(ValueError, match=r"module\.grads has no 'b'"):
        check_module(ForgetfulLinear(3, 2), batch(2, 3), rng=0)
