"""The training loop: minibatches, forward, loss, backward, update, and a record of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from course_lib._validation import check_positive_int, check_rng, check_same_length
from course_lib.layers import Module
from course_lib.losses import Loss
from course_lib.optim import SGD


def minibatches(
    n_samples: int, batch_size: int, *, rng: np.random.Generator | None
) -> Iterator[np.ndarray]:
    """Index arrays that cover ``range(n_samples)`` once, in batches of ``batch_size``.

    The order is a fresh permutation drawn from ``rng``, or the natural order when ``rng``
    is None. The last batch may be smaller.
    """
    check_positive_int("batch_size", batch_size)
    order = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


@dataclass
class History:
    """Per-epoch record of a training run: ``loss`` on the training data, and
    ``val_loss`` when validation data was given."""

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)


def train(
    network: Module,
    loss: Loss,
    X: np.ndarray,
    y: np.ndarray,
    *,
    optimizer: SGD,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator | int,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    progress: bool = False,
) -> History:
    """Train ``network`` in place by minibatch SGD and return the per-epoch losses.

    Args:
        network: a module (usually a Sequential) mapping (N, D) to predictions.
        loss: the loss module comparing the predictions with targets.
        X: inputs of shape (N, D).
        y: targets with N rows, in the form ``loss`` expects.
        optimizer: the SGD instance holding ``network``'s parameters.
        epochs: number of passes over the data.
        batch_size: samples per update (N for full-batch gradient descent, 1 for pure SGD).
        rng: shuffles the data each epoch.
        validation: optional ``(X_val, y_val)`` evaluated after each epoch.
        progress: show a tqdm progress bar over the epochs.

    Returns:
        A `History` whose ``loss[e]`` is the mean of the minibatch losses of epoch ``e``.
    """
    check_same_length(("X", "y"), X, y)
    epochs = check_positive_int("epochs", epochs)
    rng = check_rng("rng", rng)
    history = History()
    for _ in tqdm(range(epochs), disable=not progress, desc="epochs", leave=False):
        batch_losses, batch_sizes = [], []
        for batch in minibatches(len(X), batch_size, rng=rng):
            batch_losses.append(loss.forward(network.forward(X[batch]), y[batch]))
            batch_sizes.append(len(batch))
            network.backward(loss.backward())
            optimizer.step()
        history.loss.append(float(np.average(batch_losses, weights=batch_sizes)))
        if validation is not None:
            X_val, y_val = validation
            history.val_loss.append(loss.forward(network.forward(X_val), y_val))
    return history
