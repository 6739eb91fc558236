"""The training loop's classifier helpers: accuracy, early stopping on a validation set, and
the seeded MLP fit that unit 05's experiment retrains."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.layers import Linear, ReLU, Sequential
from course_lib.losses import SoftmaxCrossEntropy
from course_lib.optim import SGD
from course_lib.training import (
    accuracy,
    fit_mlp_classifier,
    layer_statistics,
    train,
    train_with_early_stopping,
)


def blobs(n_per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Three well separated Gaussian clusters in the plane, labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = np.repeat(np.arange(3), n_per_class)
    return centres[y] + 0.7 * rng.standard_normal((len(y), 2)), y


class FixedScores:
    """A module that returns the scores it was built with, whatever its input."""

    def __init__(self, scores: np.ndarray) -> None:
        self.scores = scores

    def forward(self, X: np.ndarray) -> np.ndarray:
        return self.scores


@given(
    n=st.integers(1, 20),
    k=st.integers(2, 6),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=30, deadline=None)
def test_accuracy_is_the_fraction_of_rows_whose_argmax_is_the_label(n, k, seed):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((n, k))
    y = rng.integers(0, k, size=n)
    expected = np.mean([int(np.argmax(row)) == label for row, label in zip(scores, y, strict=True)])
    assert accuracy(FixedScores(scores), np.zeros((n, 1)), y) == pytest.approx(expected)


def test_accuracy_rejects_a_single_score_column():
    with pytest.raises(ValueError, match="class scores of shape"):
        accuracy(FixedScores(np.zeros((3, 1))), np.zeros((3, 2)), np.zeros(3, dtype=int))


def small_network(seed: int) -> Sequential:
    rng = np.random.default_rng(seed)
    return Sequential(Linear(2, 8, rng=rng), ReLU(), Linear(8, 3, rng=rng), input_grad=False)


def test_early_stopping_keeps_the_best_epoch_and_stops_after_patience():
    X, y = blobs(30, seed=1)
    X_val, y_val = blobs(20, seed=2)
    network = small_network(3)
    run = train_with_early_stopping(
        network,
        SoftmaxCrossEntropy(),
        X,
        y,
        optimizer=SGD(network, 0.1),
        validation=(X_val, y_val),
        max_epochs=50,
        patience=3,
        batch_size=10,
        rng=4,
    )
    n = run.stopped_epoch
    assert len(run.loss) == len(run.val_loss) == len(run.val_accuracy) == n
    best = max(run.val_accuracy)
    assert run.best_epoch == run.val_accuracy.index(best) + 1
    # It stopped either at max_epochs or after `patience` epochs with no improvement.
    assert n == 50 or n - run.best_epoch == 3
    assert accuracy(network, X_val, y_val) == pytest.approx(best)


def test_early_stopping_with_patience_equal_to_max_epochs_trains_them_all():
    """It then trains as `train` does, epoch for epoch, and only restores the best epoch."""
    X, y = blobs(20, seed=5)
    networks = [small_network(6), small_network(6)]
    run = train_with_early_stopping(
        networks[0],
        SoftmaxCrossEntropy(),
        X,
        y,
        optimizer=SGD(networks[0], 0.05),
        validation=(X, y),
        max_epochs=4,
        patience=4,
        batch_size=7,
        rng=7,
    )
    history = train(
        networks[1],
        SoftmaxCrossEntropy(),
        X,
        y,
        optimizer=SGD(networks[1], 0.05),
        epochs=4,
        batch_size=7,
        rng=7,
    )
    assert run.stopped_epoch == 4
    np.testing.assert_allclose(run.loss, history.loss)


def test_bad_patience_and_epochs_are_refused():
    X, y = blobs(5, seed=0)
    network = small_network(0)
    arguments = dict(optimizer=SGD(network), validation=(X, y), batch_size=4, rng=0)
    with pytest.raises(ValueError, match="patience"):
        train_with_early_stopping(
            network, SoftmaxCrossEntropy(), X, y, max_epochs=3, patience=0, **arguments
        )
    with pytest.raises(ValueError, match="max_epochs"):
        train_with_early_stopping(
            network, SoftmaxCrossEntropy(), X, y, max_epochs=0, patience=1, **arguments
        )


def test_fit_mlp_classifier_is_replayed_by_its_seed_and_learns_blobs():
    X, y = blobs(30, seed=8)
    X_val, y_val = blobs(20, seed=9)
    settings = dict(width=16, lr=0.1, weight_decay=1e-3, max_epochs=30, patience=5, seed=3)
    first, run = fit_mlp_classifier(X, y, validation=(X_val, y_val), **settings)
    second, again = fit_mlp_classifier(X, y, validation=(X_val, y_val), **settings)
    assert run == again
    for name, value in first.params.items():
        np.testing.assert_array_equal(value, second.params[name])
    assert accuracy(first, X_val, y_val) >= 0.95
    assert first.params["0.W"].shape == (2, 16) and first.params["2.W"].shape == (16, 3)


def test_weight_decay_shrinks_the_weights():
    X, y = blobs(30, seed=10)
    norms = []
    for weight_decay in [0.0, 0.05]:
        network, _ = fit_mlp_classifier(
            X,
            y,
            validation=(X, y),
            width=16,
            lr=0.1,
            weight_decay=weight_decay,
            max_epochs=20,
            patience=20,
            seed=0,
        )
        norms.append(np.linalg.norm(network.params["0.W"]))
    assert norms[1] < norms[0]


def test_layer_statistics_of_a_deep_relu_network():
    rng = np.random.default_rng(11)
    network = Sequential(
        Linear(5, 6, rng=rng), ReLU(), Linear(6, 4, rng=rng), ReLU(), Linear(4, 3, rng=rng)
    )
    X = rng.standard_normal((7, 5))
    dout = rng.standard_normal((7, 3))
    spreads, norms = layer_statistics(network, X, dout)
    hidden = ReLU().forward(X @ network.params["0.W"])
    assert spreads.shape == (2,) and norms.shape == (3,)
    assert spreads[0] == pytest.approx(np.std(hidden))
    network.forward(X)
    network.backward(dout)
    expected = [np.linalg.norm(network.grads[f"{k}.W"]) for k in (0, 2, 4)]
    np.testing.assert_allclose(norms, expected)
    with pytest.raises(ValueError, match="dout must have the output's shape"):
        layer_statistics(network, X, dout[:, :2])
