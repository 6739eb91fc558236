"""1-D targets: each by its formula and its smoothness; sampling them by grid, noise and seed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib.targets import TARGET_FUNCTIONS, lecture_target, sample_function


@pytest.mark.parametrize("x", [0.0, 0.3, 1.0])
def test_lecture_target_matches_its_formula(x):
    expected = 0.2 + 0.4 * x**2 + 0.3 * x * math.sin(15 * x) + 0.05 * math.cos(50 * x)
    assert lecture_target(x) == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("name", sorted(TARGET_FUNCTIONS))
def test_targets_keep_the_shape_and_vary_smoothly_on_the_unit_interval(name):
    f = TARGET_FUNCTIONS[name]
    x = np.linspace(0.0, 1.0, 1001).reshape(-1, 1)
    values = f(x)
    assert values.shape == x.shape and values.dtype == np.float64
    assert np.all(np.isfinite(values)) and np.ptp(values) > 0.1
    assert np.abs(np.diff(values, axis=0)).max() < 0.05  # no jumps between neighbours


def test_lecture_target_is_in_the_table():
    assert TARGET_FUNCTIONS["lecture"] is lecture_target


def test_sampling_without_rng_gives_the_exact_evenly_spaced_grid():
    x, y = sample_function(lecture_target, 11, interval=(-1.0, 1.0))
    assert x.shape == y.shape == (11, 1)
    np.testing.assert_allclose(x[:, 0], np.linspace(-1.0, 1.0, 11))
    np.testing.assert_array_equal(y, lecture_target(x))


def test_sampling_with_rng_draws_sorted_inputs_and_adds_noise_of_the_given_size():
    x, y = sample_function(np.sin, 4000, rng=6, noise=0.1, interval=(2.0, 3.0))
    assert np.all(np.diff(x[:, 0]) >= 0) and x.min() >= 2.0 and x.max() <= 3.0
    assert np.std(y - np.sin(x)) == pytest.approx(0.1, rel=0.05)
    np.testing.assert_array_equal(
        y, sample_function(np.sin, 4000, rng=6, noise=0.1, interval=(2, 3))[1]
    )


def test_noise_without_rng_is_refused():
    with pytest.raises(ValueError, match="needs an rng"):
        sample_function(lecture_target, 5, noise=0.1)


@pytest.mark.parametrize("interval", [(1.0, 0.0), (0.0, 0.0), (0.0, 1.0, 2.0)])
def test_sampling_interval_must_be_low_then_high(interval):
    with pytest.raises(ValueError, match="interval must be"):
        sample_function(lecture_target, 5, interval=interval)


def test_sampled_function_must_keep_the_shape():
    with pytest.raises(ValueError, match=r"f must map an array of shape \(5,\)"):
        sample_function(lambda x: x[:2], 5)
