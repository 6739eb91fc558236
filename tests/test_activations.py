"""Activations: each against its definition, its derivative against central differences,
and every one of them at extreme inputs with warnings turned into errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.activations import (
    ACTIVATIONS,
    get_activation,
    log_sigmoid,
    log_softmax,
    sigmoid,
    softmax,
    softmax_vjp,
)
from course_lib.gradcheck import numerical_gradient, rel_error

from strategies import extreme_floats, finite_floats, matrices

DEFINITIONS = {
    "step": lambda a: 1.0 if a > 0 else 0.0,
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
    "tanh": math.tanh,
    "relu": lambda a: max(a, 0.0),
    "identity": lambda a: a,
}
NAMES = sorted(ACTIVATIONS)


def test_table_and_definitions_cover_the_same_activations():
    assert set(DEFINITIONS) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
@given(values=st.lists(st.floats(-30, 30), min_size=1, max_size=8))
def test_activation_matches_its_definition(name, values):
    got = ACTIVATIONS[name].function(np.array(values))
    expected = [DEFINITIONS[name](v) for v in values]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].differentiable])
@settings(deadline=None, max_examples=30)
@given(a=matrices(scale=1.0))
def test_derivative_matches_central_differences(name, a):
    act = ACTIVATIONS[name]
    # Keep away from kinks by more than h so central differences are exact enough.
    for kink in act.kinks:
        a = np.where(np.abs(a - kink) < 1e-3, kink + 1e-2, a)
    numerical = numerical_gradient(lambda x: float(np.sum(act.function(x))), a.copy())
    # Smooth functions with |f'''| <= 1: truncation ~h^2 = 1e-10 and round-off ~1e-16/h per
    # entry. Inputs of scale 1 keep every derivative above ~1e-3 (no saturation), so the
    # relative error stays far below 1e-7; saturation is the stability tests' job.
    assert rel_error(act.derivative(a), numerical) < 1e-7


def test_step_is_zero_at_zero_and_its_derivative_vanishes():
    assert ACTIVATIONS["step"].function(np.array([0.0]))[0] == 0.0
    assert not np.any(ACTIVATIONS["step"].derivative(np.linspace(-2, 2, 9)))


@pytest.mark.parametrize("name", NAMES)
@given(a=st.one_of(extreme_floats, finite_floats))
def test_activation_is_finite_for_any_finite_input(name, a):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        value = ACTIVATIONS[name].function(np.array([a, -a]))
        derivative = ACTIVATIONS[name].derivative(np.array([a, -a]))
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(derivative))


@pytest.mark.parametrize("a", [1e4, -1e4, 1e300, -1e300, 710.0, -710.0])
def test_sigmoid_saturates_without_overflow(a):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = sigmoid(np.array([a]))[0]
        log_s = log_sigmoid(np.array([a]))[0]
    assert (s == 1.0) if a > 0 else (0.0 <= s < 1e-300)
    assert np.isfinite(log_s) and log_s <= 0.0


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name):
    a = np.linspace(-3, 3, 7, dtype=np.float32)
    assert ACTIVATIONS[name].function(a).dtype == np.float32
    assert ACTIVATIONS[name].derivative(a).dtype == np.float32


def test_integer_input_computes_in_float64():
    assert sigmoid(np.array([0, 1])).dtype == np.float64


@given(z=matrices(scale=50.0))
def test_softmax_rows_are_distributions_and_log_softmax_agrees(z):
    p = softmax(z)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.exp(log_softmax(z)), p, rtol=1e-9, atol=1e-300)


def test_softmax_is_invariant_to_shifting_a_row():
    z = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(softmax(z), softmax(z + 1e4), rtol=1e-12)


@pytest.mark.parametrize("scale", [1e4, 1e300])
def test_softmax_and_log_softmax_at_extreme_logits(scale):
    z = np.array([[scale, -scale, 0.0], [-scale, -scale, -scale]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        p, log_p = softmax(z), log_softmax(z)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    assert np.all(np.isfinite(log_p[1])) and log_p[0, 0] == 0.0


@settings(deadline=None, max_examples=30)
@given(z=matrices(), seed=st.integers(0, 10**6))
def test_softmax_vjp_equals_the_materialised_jacobian_product(z, seed):
    dout = np.random.default_rng(seed).standard_normal(z.shape)
    p = softmax(z)
    jacobians = np.einsum("nk,kj->nkj", p, np.eye(z.shape[1])) - np.einsum("nk,nj->nkj", p, p)
    materialised = np.einsum("nkj,nk->nj", jacobians, dout)
    np.testing.assert_allclose(softmax_vjp(p, dout), materialised, atol=1e-12)


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation .swish.*relu.*sigmoid"):
        get_activation("swish")
