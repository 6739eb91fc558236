"""Losses: values against their definitions, gradients against central differences,
stability at extreme inputs, and clear errors for mismatched shapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import losses
from course_lib.gradcheck import numerical_gradient, rel_error

from strategies import batch_sizes, feature_counts, seeds

# (name, value function, gradient function, how to draw a valid target for a prediction)
LOSS_TABLE = [
    ("bce", losses.binary_cross_entropy, losses.binary_cross_entropy_grad, "binary"),
    (
        "bce_logits",
        losses.binary_cross_entropy_with_logits,
        losses.binary_cross_entropy_with_logits_grad,
        "binary",
    ),
    ("softmax_ce", losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, "classes"),
    ("squared", losses.squared_error, losses.squared_error_grad, "real"),
    ("absolute", losses.absolute_error, losses.absolute_error_grad, "real"),
    ("huber", losses.huber, losses.huber_grad, "real"),
]
MODULES = {
    "bce": lambda: losses.BinaryCrossEntropy(from_logits=False),
    "bce_logits": losses.BinaryCrossEntropy,
    "softmax_ce": losses.SoftmaxCrossEntropy,
    "squared": losses.SquaredError,
    "absolute": losses.AbsoluteError,
    "huber": lambda: losses.HuberLoss(delta=0.7),
}


def draw_case(kind, n, k, rng):
    """A prediction and a target of a valid kind, away from kinks and clipping."""
    if kind == "binary":
        p = rng.uniform(0.05, 0.95, (n, 1))
        return p, (rng.random((n, 1)) < 0.5).astype(float)
    if kind == "classes":
        # Scale 1 keeps every probability above ~1e-3, so no gradient entry is so small that
        # round-off in the central difference dominates it.
        return rng.normal(0, 1, (n, k + 1)), rng.integers(0, k + 1, n)
    pred = rng.normal(0, 2, (n, k))
    offset = rng.choice([-1.0, 1.0], (n, k)) * rng.uniform(0.05, 2.0, (n, k))
    return pred, pred + offset


@pytest.mark.parametrize("name, value, gradient, kind", LOSS_TABLE)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@settings(deadline=None, max_examples=25)
@given(n=batch_sizes, k=feature_counts, seed=seeds)
def test_gradient_matches_central_differences(name, value, gradient, kind, reduction, n, k, seed):
    pred, target = draw_case(kind, n, k, np.random.default_rng(seed))
    if name == "bce_logits":
        pred = np.log(pred / (1 - pred))
    analytic = gradient(pred, target, reduction=reduction)
    numerical = numerical_gradient(lambda p: value(p, target, reduction=reduction), pred.copy())
    # Smooth (or away from the kinks by >= 0.05 >> h): central differences agree to ~1e-9.
    assert analytic.shape == pred.shape
    assert rel_error(analytic, numerical) < 1e-7


def test_binary_cross_entropy_matches_its_definition():
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 0.0])
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.4))
    assert losses.binary_cross_entropy(p, y, reduction="sum") == pytest.approx(expected)
    assert losses.binary_cross_entropy(p, y) == pytest.approx(expected / 3)


def test_logits_and_probabilities_give_the_same_cross_entropy():
    z, y = np.array([-2.0, 0.3, 4.0]), np.array([0.0, 1.0, 1.0])
    p = 1 / (1 + np.exp(-z))
    assert losses.binary_cross_entropy_with_logits(z, y) == pytest.approx(
        losses.binary_cross_entropy(p, y), rel=1e-12
    )


def test_softmax_cross_entropy_accepts_labels_or_one_hot_and_gives_p_minus_y_over_n():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    labels = np.array([0, 2])
    one_hot = np.eye(3)[labels]
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(p[[0, 1], labels]))
    assert losses.softmax_cross_entropy(logits, labels) == pytest.approx(expected)
    assert losses.softmax_cross_entropy(logits, one_hot) == pytest.approx(expected)
    np.testing.assert_allclose(losses.softmax_cross_entropy_grad(logits, labels), (p - one_hot) / 2)


def test_regression_losses_match_their_definitions():
    pred, target = np.array([[0.0, 3.0]]), np.array([[0.5, 1.0]])
    assert losses.squared_error(pred, target) == pytest.approx(0.5 * (0.25 + 4.0))
    assert losses.absolute_error(pred, target) == pytest.approx(2.5)
    assert losses.huber(pred, target, delta=1.0) == pytest.approx(0.5 * 0.25 + (2.0 - 0.5))


@pytest.mark.parametrize("scale", [1e4, 1e300])
def test_log_losses_are_finite_at_extreme_inputs(scale):
    z, y = np.array([scale, -scale, scale, -scale]), np.array([1.0, 0.0, 0.0, 1.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        from_logits = losses.binary_cross_entropy_with_logits(z, y, reduction="sum")
        grad = losses.binary_cross_entropy_with_logits_grad(z, y)
        ce = losses.softmax_cross_entropy(np.array([[scale, -scale]]), np.array([1]))
        ce_grad = losses.softmax_cross_entropy_grad(np.array([[scale, -scale]]), np.array([1]))
    assert from_logits == pytest.approx(2 * scale)  # two confident mistakes of margin `scale`
    assert np.all(np.isfinite(grad)) and np.isfinite(ce) and np.all(np.isfinite(ce_grad))


def test_probability_losses_clip_zero_and_one():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        value = losses.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
        grad = losses.binary_cross_entropy_grad(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    # 1 - (1 - 1e-15) is not exactly 1e-15 in float64, hence the loose comparison.
    assert value == pytest.approx(-np.log(losses.PROBABILITY_FLOOR), rel=1e-4)
    assert np.all(np.isfinite(grad))


@pytest.mark.parametrize("name", sorted(MODULES))
@given(n=batch_sizes, k=feature_counts, seed=seeds)
@settings(deadline=None, max_examples=10)
def test_loss_modules_agree_with_the_functions(name, n, k, seed):
    _, value, gradient, kind = next(row for row in LOSS_TABLE if row[0] == name)
    pred, target = draw_case(kind, n, k, np.random.default_rng(seed))
    module = MODULES[name]()
    loss = module.forward(pred, target)
    assert isinstance(loss, float)
    kwargs = {"delta": 0.7} if name == "huber" else {}
    assert loss == pytest.approx(value(pred, target, **kwargs))
    np.testing.assert_allclose(module.backward(), gradient(pred, target, **kwargs))


def test_binary_module_accepts_flat_targets_for_a_column_of_logits():
    module = losses.BinaryCrossEntropy()
    module.forward(np.zeros((3, 1)), np.array([0.0, 1.0, 1.0]))
    assert module.backward().shape == (3, 1)


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="before forward"):
        losses.SquaredError().backward()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: losses.squared_error(np.zeros((3, 2)), np.zeros((2, 2))),
            r"\(3, 2\) and \(2, 2\)",
        ),
        (lambda: losses.binary_cross_entropy([0.5], ["a"]), "target must hold real numbers"),
        (lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0, 3]), "only 3 classes"),
        (lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0, 1, 2]), "same number of rows"),
        (lambda: losses.squared_error(np.zeros((0, 1)), np.zeros((0, 1))), "empty"),
        (lambda: losses.huber(np.zeros(2), np.zeros(2), delta=0), "delta must be positive"),
        (lambda: losses.squared_error(np.zeros(2), np.zeros(2), reduction="max"), "reduction"),
        (lambda: losses.squared_error(np.array([np.nan]), np.zeros(1)), "NaN"),
        (lambda: losses.SquaredError(reduction="none"), "reduction"),
    ],
)
def test_bad_input_names_the_problem(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


@given(st.floats(-50, 50))
def test_huber_is_continuous_at_delta(delta_shift):
    delta = 1.0 + abs(delta_shift) / 10
    below = losses.huber(np.array([delta - 1e-9]), np.array([0.0]), delta=delta)
    above = losses.huber(np.array([delta + 1e-9]), np.array([0.0]), delta=delta)
    # Both branches meet at delta, where the slope is delta: the values differ by 2e-9 * delta.
    assert abs(below - above) <= 2.5e-9 * delta
