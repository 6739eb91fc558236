"""Specification of `course_lib.value_nn`, the MLP made of `Value` nodes.

The forward pass is compared with the same network evaluated by numpy, its gradients with
central differences of that numpy loss, and training with a loss that falls.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import value_nn
from course_lib.datasets import two_moons, xor_blobs
from course_lib.engine import Value
from course_lib.gradcheck import numerical_gradient


def _numpy_loss(theta: np.ndarray, sizes: tuple[int, ...], X: np.ndarray, y: np.ndarray) -> float:
    """The mean logistic loss of the network whose flat parameters are theta (numpy)."""
    z = value_nn.logits(value_nn.from_flat(sizes, theta), X)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


@settings(max_examples=15, deadline=None)
@given(
    width=st.integers(1, 4),
    n_inputs=st.integers(1, 3),
    n_points=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_gradients_match_central_differences(width, n_inputs, n_points, seed):
    rng = np.random.default_rng(seed)
    sizes = (n_inputs, width, 1)
    X = rng.standard_normal((n_points, n_inputs))
    y = rng.integers(0, 2, size=n_points).astype(float)
    params = value_nn.init_mlp(sizes, rng=rng)
    for p in value_nn.parameters(params):
        p.data = float(rng.standard_normal())
    loss = value_nn.mean_loss(params, X, y)
    loss.backward()
    analytic = np.array([p.grad for p in value_nn.parameters(params)])
    theta = value_nn.flat_parameters(params)
    numeric = numerical_gradient(lambda t: _numpy_loss(t, sizes, X, y), theta)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)
    assert loss.data == pytest.approx(_numpy_loss(theta, sizes, X, y), rel=1e-12)


def test_forward_matches_numpy_with_two_hidden_layers():
    params = value_nn.init_mlp((2, 3, 2, 1), rng=5)
    X = np.random.default_rng(6).standard_normal((4, 2))
    logits = [value_nn.mlp_forward(params, row).data for row in X.tolist()]
    expected = value_nn.predict_proba(params, X)
    np.testing.assert_allclose(1 / (1 + np.exp(-np.array(logits))), expected, rtol=1e-12)


@pytest.mark.parametrize("z", [-800.0, -30.0, 0.0, 30.0, 800.0])
@pytest.mark.parametrize("label", [0.0, 1.0])
def test_logistic_loss_is_stable(z, label):
    logit = Value(z)
    loss = value_nn.logistic_loss(logit, label)
    loss.backward()
    assert loss.data == pytest.approx(float(np.logaddexp(0.0, z) - label * z), rel=1e-12)
    probability = math.exp(-float(np.logaddexp(0.0, -z)))
    assert logit.grad == pytest.approx(probability - label, abs=1e-12)


def test_training_lowers_the_loss_and_fits_xor():
    X, y = xor_blobs(5, rng=1)
    params, losses = value_nn.train_mlp(X / 4, y, width=4, lr=1.0, steps=150, seed=0)
    assert len(losses) == 150
    assert losses[-1] < 0.5 * losses[0]
    assert value_nn.accuracy(params, X / 4, y) == 1.0


def test_training_is_reproducible():
    X, y = two_moons(12, rng=2)
    first = value_nn.train_mlp(X, y, width=3, lr=0.5, steps=5, seed=1)[1]
    second = value_nn.train_mlp(X, y, width=3, lr=0.5, steps=5, seed=1)[1]
    assert first == second


def test_fit_takes_gradient_steps():
    X, y = two_moons(6, rng=3)
    params = value_nn.init_mlp((2, 2, 1), rng=4)
    before = np.array([p.data for p in value_nn.parameters(params)])
    loss = value_nn.mean_loss(params, X, y)
    loss.backward()
    gradient = np.array([p.grad for p in value_nn.parameters(params)])
    losses = value_nn.fit(params, X, y, lr=0.1, steps=1)
    after = np.array([p.data for p in value_nn.parameters(params)])
    np.testing.assert_allclose(after, before - 0.1 * gradient, rtol=1e-12, atol=1e-15)
    assert losses == [loss.data]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: value_nn.init_mlp((2, 3), rng=0), ValueError),
        (lambda: value_nn.init_mlp((2,), rng=0), ValueError),
        (lambda: value_nn.init_mlp((2, 0, 1), rng=0), ValueError),
        (lambda: value_nn.init_mlp((2, 3, 1), rng=None), TypeError),
        (lambda: value_nn.mlp_forward(value_nn.init_mlp((2, 3, 1), rng=0), [1.0]), ValueError),
        (
            lambda: value_nn.fit(
                value_nn.init_mlp((2, 1), rng=0), np.zeros((2, 2)), np.zeros(2), lr=0.0, steps=1
            ),
            ValueError,
        ),
        (
            lambda: value_nn.mean_loss(
                value_nn.init_mlp((2, 1), rng=0), np.zeros((2, 2)), np.array([0.0, 2.0])
            ),
            ValueError,
        ),
    ],
)
def test_bad_input_is_refused(call, error):
    with pytest.raises(error):
        call()


def test_from_flat_round_trips_and_refuses_a_wrong_length():
    theta = np.arange(9.0)
    np.testing.assert_array_equal(
        value_nn.flat_parameters(value_nn.from_flat((2, 2, 1), theta)), theta
    )
    with pytest.raises(ValueError, match="9 parameters"):
        value_nn.from_flat((2, 2, 1), np.zeros(8))
