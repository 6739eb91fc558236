"""1-D target functions for function approximation, and sampling them as regression data.

Every target is a smooth function meant for the unit interval [0, 1] that maps an array of
x to a float64 array of the same shape. `sample_function` turns any such function into
inputs and targets of shape (N, 1), on an even grid or drawn at random with noise.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from course_lib._validation import as_float_array, check_positive_int, check_rng
from course_lib.datasets import _non_negative


def lecture_target(x: object) -> np.ndarray:
    """The lecture's target 0.2 + 0.4 x^2 + 0.3 x sin(15 x) + 0.05 cos(50 x), meant for [0, 1].

    Args:
        x: a number or an array of any shape.

    Returns:
        float64 array of the shape of ``x``.
    """
    x = as_float_array("x", x, dtype=np.float64)
    return 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


def _sine_target(x: object) -> np.ndarray:
    """One period of a sine on [0, 1], between 0.1 and 0.9."""
    return 0.5 + 0.4 * np.sin(2 * np.pi * as_float_array("x", x, dtype=np.float64))


def _bump_target(x: object) -> np.ndarray:
    """A Gaussian bump of height 1 centred at 0.5 with width 0.1."""
    return np.exp(-0.5 * ((as_float_array("x", x, dtype=np.float64) - 0.5) / 0.1) ** 2)


def _smooth_step_target(x: object) -> np.ndarray:
    """A steep but smooth rise from 0 to 1 around x = 0.5."""
    return 0.5 + 0.5 * np.tanh(20 * (as_float_array("x", x, dtype=np.float64) - 0.5))


#: Smooth targets on [0, 1], by name; each maps an array of x to an array of the same shape.
TARGET_FUNCTIONS: dict[str, Callable[[object], np.ndarray]] = {
    "lecture": lecture_target,
    "sine": _sine_target,
    "bump": _bump_target,
    "smooth_step": _smooth_step_target,
}


def sample_function(
    f: Callable[[np.ndarray], object],
    n_samples: int,
    *,
    rng: np.random.Generator | int | None = None,
    noise: float = 0.0,
    interval: tuple[float, float] = (0.0, 1.0),
) -> tuple[np.ndarray, np.ndarray]:
    """Sample a 1-D function, as inputs and targets of a regression problem.

    Without ``rng`` the inputs are evenly spaced over ``interval`` (both ends included) and
    the targets are exact. With ``rng`` the inputs are drawn uniformly (then sorted) and
    Gaussian noise of standard deviation ``noise`` is added to the targets.

    Args:
        f: maps an array of shape (N,) to an array of shape (N,).
        n_samples: the number of samples N.
        rng: a Generator, an int seed, or None for the evenly spaced, noise-free grid.
        noise: the standard deviation of the noise on the targets; needs ``rng`` when > 0.
        interval: (low, high) with low < high.

    Returns:
        x: float64 array of shape (N, 1), in increasing order.
        y: float64 array of shape (N, 1).
    """
    n, noise = check_positive_int("n_samples", n_samples), _non_negative("noise", noise)
    bounds = as_float_array("interval", interval, ndim=1, dtype=np.float64)
    if bounds.shape != (2,) or not bounds[0] < bounds[1]:
        raise ValueError(f"interval must be (low, high) with low < high, got {bounds.tolist()}")
    if rng is None:
        if noise > 0:
            raise ValueError(f"noise={noise} needs an rng to draw from; pass rng=<seed>")
        x = np.linspace(bounds[0], bounds[1], n)
    else:
        rng = check_rng("rng", rng)
        x = np.sort(rng.uniform(bounds[0], bounds[1], size=n))
    y = as_float_array("f(x)", f(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(f"f must map an array of shape {x.shape} to the same shape, got {y.shape}")
    if noise > 0:
        y = y + noise * rng.standard_normal(n)
    return x[:, None], y[:, None]
