"""Data sets of the course: truth tables, toy point clouds, 1-D targets and the digits.

Conventions: rows are samples, so ``X`` has shape (N, D) and is float64. Binary labels are
float64 zeros and ones of shape (N,); multi-class labels are int64 class indices of shape
(N,). Every function that draws random numbers takes a keyword-only ``rng`` (a
``numpy.random.Generator`` or an int seed) and never touches numpy's global state.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from importlib import resources

import numpy as np

from course_lib._validation import (
    as_class_labels,
    as_float_array,
    check_positive_int,
    check_rng,
    check_same_length,
)

#: Truth tables have 2**n rows; past this many inputs they stop being a teaching example.
MAX_TRUTH_TABLE_INPUTS = 16

# Each gate is a rule on the tuple of input bits.
_GATES: dict[str, Callable[[tuple[int, ...]], bool]] = {
    "AND": all,
    "OR": any,
    "NAND": lambda bits: not all(bits),
    "NOR": lambda bits: not any(bits),
    "XOR": lambda bits: sum(bits) % 2 == 1,
    "XNOR": lambda bits: sum(bits) % 2 == 0,
    "NOT": lambda bits: not bits[0],
}


def _non_negative(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise ValueError."""
    number = float(as_float_array(name, value, ndim=0))
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {number}")
    return number


def _shuffled(
    X: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` and ``y`` with their rows put in the same random order."""
    order = rng.permutation(len(X))
    return X[order], y[order]


# --- truth tables -------------------------------------------------------------------------


def truth_table(n_inputs: int) -> np.ndarray:
    """Every combination of ``n_inputs`` bits, in binary counting order.

    Args:
        n_inputs: the number of inputs n, from 1 to ``MAX_TRUTH_TABLE_INPUTS``.

    Returns:
        X: float64 array of shape (2**n, n); row i holds the bits of i, most significant first.
    """
    n = check_positive_int("n_inputs", n_inputs)
    if n > MAX_TRUTH_TABLE_INPUTS:
        raise ValueError(
            f"n_inputs must be at most {MAX_TRUTH_TABLE_INPUTS} (the table has 2**n rows), got {n}"
        )
    shifts = np.arange(n - 1, -1, -1)
    return ((np.arange(2**n)[:, None] >> shifts) & 1).astype(np.float64)


def truth_table_targets(
    fn: Callable[[tuple[int, ...]], object], n_inputs: int
) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of an arbitrary boolean function.

    Args:
        fn: called once per row with a tuple of n ints (0 or 1); returns a bool, 0 or 1.
        n_inputs: the number of inputs n.

    Returns:
        X: float64 array of shape (2**n, n), as ``truth_table(n)``.
        y: float64 array of shape (2**n,) holding ``fn`` of each row as 0.0 or 1.0.
    """
    X = truth_table(n_inputs)
    outputs = []
    for row in X.astype(int):
        bits = tuple(int(bit) for bit in row)
        output = fn(bits)
        if np.ndim(output) != 0 or output not in (0, 1):  # True and False equal 1 and 0
            raise ValueError(f"fn must return a bool, 0 or 1; it returned {output!r} for {bits}")
        outputs.append(float(output))
    return X, np.array(outputs, dtype=np.float64)


def logic_gate(name: str, n_inputs: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets of a logic gate.

    Args:
        name: AND, OR, NAND, NOR, XOR (odd parity), XNOR (even parity) or NOT; any case.
        n_inputs: the number of inputs n; at least 2, except NOT which takes exactly 1.

    Returns:
        X: float64 array of shape (2**n, n), the rows in binary counting order.
        y: float64 array of shape (2**n,) of 0.0 and 1.0, the gate's output for each row.
    """
    if not isinstance(name, str) or name.upper() not in _GATES:
        raise ValueError(f"unknown gate {name!r}; known gates: {', '.join(_GATES)}")
    key = name.upper()
    n = check_positive_int("n_inputs", n_inputs)
    if key == "NOT" and n != 1:
        raise ValueError(f"the NOT gate takes exactly 1 input, got n_inputs={n}")
    if key != "NOT" and n < 2:
        raise ValueError(f"the {key} gate needs n_inputs >= 2, got {n}")
    return truth_table_targets(_GATES[key], n)


# --- point clouds in the plane ------------------------------------------------------------


def xor_blobs(
    n_per_cluster: int, *, rng: np.random.Generator | int, corner: float = 4.0, spread: float = 0.7
) -> tuple[np.ndarray, np.ndarray]:
    """Four Gaussian clusters at the corners of a square, labelled like XOR.

    The clusters sit at (+-corner, +-corner); with the defaults the points cover about
    [-6, 6] in both coordinates. A point's label is 1 when its two coordinates have
    different signs (the XOR of the two "is positive" bits), so no line separates the
    classes. The fixed basis phi(x) = (s(5 + x1 + x2), s(5 - x1 - x2)), with s the sigmoid,
    sends both label-0 clusters near (1, 0) or (0, 1) and both label-1 clusters near (1, 1):
    in phi-space the line phi1 + phi2 = 1.5 separates nearly every point.

    Args:
        n_per_cluster: the number of points in each of the four clusters.
        rng: a Generator or an int seed.
        corner: the distance of each cluster centre from both axes.
        spread: the standard deviation of each cluster along each coordinate.

    Returns:
        X: float64 array of shape (4 * n_per_cluster, 2), rows in random order.
        y: float64 array of shape (4 * n_per_cluster,), 2 * n_per_cluster ones.
    """
    n = check_positive_int("n_per_cluster", n_per_cluster)
    corner, spread = _non_negative("corner", corner), _non_negative("spread", spread)
    rng = check_rng("rng", rng)
    signs = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    centres = np.repeat(corner * signs, n, axis=0)
    X = centres + spread * rng.standard_normal(centres.shape)
    y = np.repeat(np.array([0.0, 0.0, 1.0, 1.0]), n)
    return _shuffled(X, y, rng)


def linear_blobs(
    n_per_class: int,
    *,
    rng: np.random.Generator | int,
    distance: float = 3.0,
    spread: float = 1.0,
    dims: int = 2,
) -> tuple[np.ndarray, np.ndarray]:
    """Two round Gaussian blobs, one per class, whose means lie ``distance`` apart.

    The means sit at -u * distance/2 (class 0) and +u * distance/2 (class 1) along the
    diagonal unit vector u = (1, ..., 1) / sqrt(dims). When ``distance`` is many times
    ``spread`` the classes are linearly separable; when it is small they overlap.

    Args:
        n_per_class: the number of points in each class.
        rng: a Generator or an int seed.
        distance: the distance between the two means.
        spread: the standard deviation of each blob along each coordinate.
        dims: the number of features D.

    Returns:
        X: float64 array of shape (2 * n_per_class, D), rows in random order.
        y: float64 array of shape (2 * n_per_class,), n_per_class ones.
    """
    n, d = check_positive_int("n_per_class", n_per_class), check_positive_int("dims", dims)
    distance, spread = _non_negative("distance", distance), _non_negative("spread", spread)
    rng = check_rng("rng", rng)
    half_gap = (distance / 2) * np.ones(d) / np.sqrt(d)
    centres = np.concatenate([np.tile(-half_gap, (n, 1)), np.tile(half_gap, (n, 1))])
    X = centres + spread * rng.standard_normal(centres.shape)
    y = np.repeat(np.array([0.0, 1.0]), n)
    return _shuffled(X, y, rng)


def two_moons(
    n_samples: int, *, rng: np.random.Generator | int, noise: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles of radius 1.

    Class 0 lies on the upper half of the circle centred at (0, 0), class 1 on the lower
    half of the circle centred at (1, 0.5); each point's angle is drawn uniformly.

    Args:
        n_samples: the total number of points N; class 0 gets the extra one when N is odd.
        rng: a Generator or an int seed.
        noise: the standard deviation of the Gaussian noise added to each coordinate.

    Returns:
        X: float64 array of shape (N, 2), rows in random order.
        y: float64 array of shape (N,), N // 2 ones.
    """
    n = check_positive_int("n_samples", n_samples)
    noise, rng = _non_negative("noise", noise), check_rng("rng", rng)
    n_ones = n // 2
    y = np.repeat(np.array([0.0, 1.0]), [n - n_ones, n_ones])
    angles = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(angles), np.sin(angles)])
    lower = np.array([1.0, 0.5]) - upper
    X = np.where(y[:, None] == 1.0, lower, upper) + noise * rng.standard_normal((n, 2))
    return _shuffled(X, y, rng)


def spirals(
    n_per_class: int,
    n_classes: int = 3,
    *,
    rng: np.random.Generator | int,
    noise: float = 0.2,
    turns: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class, winding out from the origin to radius 1.

    Along arm k the radius grows evenly from 0.1 to 1 while the angle grows by 2 pi *
    ``turns``; the arms start 2 pi / n_classes apart, and the angle of every point is
    jittered by Gaussian noise.

    Args:
        n_per_class: the number of points on each arm.
        n_classes: the number of arms K.
        rng: a Generator or an int seed.
        noise: the standard deviation of the angular noise, in radians.
        turns: how many full turns each arm makes.

    Returns:
        X: float64 array of shape (K * n_per_class, 2), rows in random order.
        y: int64 array of shape (K * n_per_class,) of class indices 0 .. K-1.
    """
    n = check_positive_int("n_per_class", n_per_class)
    k = check_positive_int("n_classes", n_classes)
    noise, turns = _non_negative("noise", noise), _non_negative("turns", turns)
    rng = check_rng("rng", rng)
    radius = np.tile(np.linspace(0.1, 1.0, n), k)
    y = np.repeat(np.arange(k, dtype=np.int64), n)
    angle = 2 * np.pi * (turns * radius + y / k) + noise * rng.standard_normal(n * k)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(X, y, rng)


# --- 1-D targets for function approximation ----------------------------------------------


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


# --- the handwritten digits ---------------------------------------------------------------


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The UCI optical handwritten digits: 1797 images of 8x8 pixels, 10 classes.

    The file ships inside the package (see ``course_lib/data/README.md`` for its source and
    licence); nothing is downloaded.

    Returns:
        X: float64 array of shape (1797, 64), pixel intensities scaled to [0, 1];
            ``X[i].reshape(8, 8)`` is image i, row by row.
        y: int64 array of shape (1797,), the digit 0 .. 9 each image shows.
    """
    resource = resources.files("course_lib") / "data" / "digits.csv.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.float64)
    return table[:, :-1] / 16.0, table[:, -1].astype(np.int64)


# --- splitting and encoding ---------------------------------------------------------------


def train_test_split(
    X: object, y: object, *, test_fraction: float = 0.25, rng: np.random.Generator | int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split samples at random into a training set and a test set.

    Args:
        X: array of shape (N, D).
        y: array of shape (N,) or (N, K); its dtype is kept.
        test_fraction: the share of the N samples, strictly between 0 and 1, that goes to
            the test set (rounded to the nearest count, and at least one sample on each side).
        rng: a Generator or an int seed.

    Returns:
        X_train: array of shape (N - M, D); X_test: array of shape (M, D);
        y_train: the matching N - M rows of y; y_test: the matching M rows of y.
    """
    X = as_float_array("X", X, ndim=2)
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}")
    check_same_length(("X", "y"), X, y)
    fraction = float(as_float_array("test_fraction", test_fraction, ndim=0))
    if not 0 < fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {fraction}")
    n_test = round(fraction * len(X))
    if not 1 <= n_test < len(X):
        raise ValueError(
            f"test_fraction={fraction} of {len(X)} samples leaves {n_test} for testing and "
            f"{len(X) - n_test} for training; both need at least one"
        )
    order = check_rng("rng", rng).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def one_hot(y: object, n_classes: int | None = None) -> np.ndarray:
    """Class indices as one-hot rows.

    Args:
        y: int array of shape (N,) of class indices 0 .. K-1.
        n_classes: the number of classes K; by default the largest index in y plus one.

    Returns:
        float64 array of shape (N, K), with a single 1.0 per row, in column y[i].
    """
    if n_classes is not None:
        n_classes = check_positive_int("n_classes", n_classes)
    labels = as_class_labels("y", y, n_classes)
    if n_classes is None:
        if labels.size == 0:
            raise ValueError("y is empty: pass n_classes to say how many columns to make")
        n_classes = int(labels.max()) + 1
    return np.eye(n_classes, dtype=np.float64)[labels]
