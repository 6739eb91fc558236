"""Data sets of the course: truth tables, logic gates and toy point clouds in the plane.

Conventions: rows are samples, so ``X`` has shape (N, D) and is float64. Binary labels are
float64 zeros and ones of shape (N,); multi-class labels are int64 class indices of shape
(N,). Every function that draws random numbers takes a keyword-only ``rng`` (a
``numpy.random.Generator`` or an int seed) and never touches numpy's global state.

The 1-D targets of function approximation live in `course_lib.targets`, the handwritten
digits in `course_lib.digits`, and splitting and one-hot encoding in `course_lib.preprocessing`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from course_lib._validation import as_float_array, check_positive_int, check_rng

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
