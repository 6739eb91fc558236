"""Data sets: truth tables row by row, point clouds by their geometry and their seeds."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.datasets import (
    MAX_TRUTH_TABLE_INPUTS,
    linear_blobs,
    logic_gate,
    spirals,
    truth_table,
    truth_table_targets,
    two_moons,
    xor_blobs,
)

from strategies import seeds


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


# --- truth tables -------------------------------------------------------------------------


def test_truth_table_of_two_inputs_counts_in_binary():
    np.testing.assert_array_equal(truth_table(2), [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert truth_table(2).dtype == np.float64


@given(n=st.integers(1, 8))
def test_row_i_of_the_truth_table_holds_the_bits_of_i(n):
    table = truth_table(n)
    assert table.shape == (2**n, n)
    place_values = 2 ** np.arange(n - 1, -1, -1)
    np.testing.assert_array_equal(table @ place_values, np.arange(2**n))


@pytest.mark.parametrize("n", [0, -1, MAX_TRUTH_TABLE_INPUTS + 1, 2.0, True])
def test_truth_table_rejects_bad_input_counts(n):
    with pytest.raises(ValueError, match="n_inputs"):
        truth_table(n)


TWO_INPUT_GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
    "XNOR": [1, 0, 0, 1],
}


@pytest.mark.parametrize("name", sorted(TWO_INPUT_GATES))
def test_two_input_gates_match_their_truth_tables(name):
    X, y = logic_gate(name)
    np.testing.assert_array_equal(X, truth_table(2))
    np.testing.assert_array_equal(y, TWO_INPUT_GATES[name])
    assert y.dtype == np.float64


def test_not_gate_flips_its_single_input():
    X, y = logic_gate("NOT", n_inputs=1)
    np.testing.assert_array_equal(X, [[0], [1]])
    np.testing.assert_array_equal(y, [1, 0])


# Each gate of n inputs, defined by the number of ones k among the n bits.
BY_COUNT_OF_ONES = {
    "AND": lambda k, n: k == n,
    "OR": lambda k, n: k > 0,
    "NAND": lambda k, n: k < n,
    "NOR": lambda k, n: k == 0,
    "XOR": lambda k, n: k % 2 == 1,
    "XNOR": lambda k, n: k % 2 == 0,
}


@pytest.mark.parametrize("name", sorted(BY_COUNT_OF_ONES))
@pytest.mark.parametrize("n", [3, 4, 5])
def test_gates_with_many_inputs_follow_their_definition(name, n):
    X, y = logic_gate(name, n_inputs=n)
    expected = [BY_COUNT_OF_ONES[name](int(k), n) for k in X.sum(axis=1)]
    np.testing.assert_array_equal(y, expected)


def test_gate_names_ignore_case():
    np.testing.assert_array_equal(logic_gate("xor")[1], logic_gate("XOR")[1])


def test_unknown_gate_lists_the_known_ones():
    known = "AND, OR, NAND, NOR, XOR, XNOR, NOT"
    with pytest.raises(ValueError, match=f"unknown gate 'IMPLIES'; known gates: {known}"):
        logic_gate("IMPLIES")


def test_not_gate_takes_exactly_one_input():
    with pytest.raises(ValueError, match="NOT gate takes exactly 1 input, got n_inputs=2"):
        logic_gate("NOT", n_inputs=2)


def test_binary_gates_need_two_inputs():
    with pytest.raises(ValueError, match="AND gate needs n_inputs >= 2"):
        logic_gate("AND", n_inputs=1)


def test_truth_table_targets_of_the_majority_function():
    X, y = truth_table_targets(lambda bits: sum(bits) >= 2, 3)
    np.testing.assert_array_equal(X, truth_table(3))
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 0, 1, 1, 1])


def test_truth_table_targets_passes_tuples_of_ints():
    seen = []
    truth_table_targets(lambda bits: seen.append(bits) or 0, 2)
    assert seen == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert all(type(bit) is int for bits in seen for bit in bits)


def test_truth_table_targets_rejects_non_boolean_outputs():
    with pytest.raises(ValueError, match=r"returned 2 for \(1, 1\)"):
        truth_table_targets(lambda bits: sum(bits), 2)


# --- point clouds: what they share -------------------------------------------------------

GENERATORS = {
    "xor_blobs": partial(xor_blobs, 10),
    "linear_blobs": partial(linear_blobs, 20),
    "two_moons": partial(two_moons, 40),
    "spirals": partial(spirals, 10, 4),
}


@pytest.mark.parametrize("name", sorted(GENERATORS))
@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_same_seed_gives_the_same_data_and_another_seed_other_data(name, seed):
    make = GENERATORS[name]
    X, y = make(rng=seed)
    X_again, y_again = make(rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert not np.array_equal(X, make(rng=seed + 1)[0])


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generators_demand_an_explicit_rng(name):
    with pytest.raises(TypeError, match="rng"):
        GENERATORS[name]()
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        GENERATORS[name](rng=None)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generators_return_float_points_and_shuffled_rows(name):
    X, y = GENERATORS[name](rng=0)
    assert X.dtype == np.float64 and X.ndim == 2 and len(X) == len(y) == 40
    assert not np.all(np.diff(y) >= 0)  # rows are not sorted by class


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (partial(xor_blobs, 5), "spread"),
        (partial(xor_blobs, 5), "corner"),
        (partial(linear_blobs, 5), "distance"),
        (partial(two_moons, 5), "noise"),
        (partial(spirals, 5), "turns"),
    ],
)
def test_negative_scales_are_rejected_by_name(make, argument):
    with pytest.raises(ValueError, match=f"{argument} must be >= 0"):
        make(rng=0, **{argument: -1.0})


@pytest.mark.parametrize("make", [xor_blobs, linear_blobs, two_moons, spirals])
def test_sample_counts_must_be_positive(make):
    with pytest.raises(ValueError, match="must be a positive integer, got 0"):
        make(0, rng=0)


# --- point clouds: each one's geometry ----------------------------------------------------


def test_xor_blobs_are_labelled_by_the_xor_of_the_quadrant_bits():
    X, y = xor_blobs(100, rng=0)
    assert X.shape == (400, 2) and y.shape == (400,) and y.dtype == np.float64
    assert y.sum() == 200
    np.testing.assert_array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))
    assert 5.0 < np.abs(X).max() < 7.5  # about [-6, 6]


def test_xor_blobs_become_separable_under_the_fixed_sigmoid_basis():
    X, y = xor_blobs(250, rng=1)
    phi = np.column_stack([sigmoid(5 + X[:, 0] + X[:, 1]), sigmoid(5 - X[:, 0] - X[:, 1])])
    predicted = phi.sum(axis=1) > 1.5
    assert np.mean(predicted == y) > 0.99
    raw_line = X[:, 0] + X[:, 1] > 0  # while in input space a line does no better than chance
    assert abs(np.mean(raw_line == y) - 0.5) < 0.1


def test_linear_blobs_far_apart_are_split_by_the_bisector_of_their_means():
    X, y = linear_blobs(200, rng=2, distance=12.0, dims=3)
    assert X.shape == (400, 3) and y.sum() == 200
    mean_0, mean_1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    assert abs(np.linalg.norm(mean_1 - mean_0) - 12.0) < 0.5
    w = mean_1 - mean_0
    b = -w @ (mean_0 + mean_1) / 2
    np.testing.assert_array_equal(X @ w + b > 0, y == 1)


def test_linear_blobs_on_top_of_each_other_are_not_separated():
    X, y = linear_blobs(200, rng=2, distance=0.0)
    mean_0, mean_1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    w = mean_1 - mean_0
    assert np.mean((X @ w - w @ (mean_0 + mean_1) / 2 > 0) == (y == 1)) < 0.7


def test_noiseless_moons_lie_on_their_half_circles():
    X, y = two_moons(101, rng=3, noise=0.0)
    assert (y == 0).sum() == 51 and (y == 1).sum() == 50
    upper, lower = X[y == 0], X[y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0)


def test_spirals_have_int_labels_balanced_classes_and_radius_at_most_one():
    X, y = spirals(50, 4, rng=4)
    assert X.shape == (200, 2) and y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50, 50])
    radius = np.hypot(*X.T)
    assert radius.min() >= 0.1 - 1e-12 and radius.max() <= 1.0 + 1e-12


def test_noiseless_spiral_arms_are_rotated_copies_of_each_other():
    X, y = spirals(30, 3, rng=5, noise=0.0)
    arm_0 = X[y == 0][np.argsort(np.hypot(*X[y == 0].T))]
    arm_1 = X[y == 1][np.argsort(np.hypot(*X[y == 1].T))]
    turn = 2 * np.pi / 3
    rotation = np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
    np.testing.assert_allclose(arm_0 @ rotation, arm_1, atol=1e-12)
