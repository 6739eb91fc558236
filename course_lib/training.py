"""The training loop: minibatches, forward, loss, backward, update, and a record of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from course_lib._validation import check_positive_int, check_rng, check_same_length
from course_lib.layers import Linear, Module, ReLU, Sequential
from course_lib.losses import Loss, SoftmaxCrossEntropy
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


def accuracy(network: Module, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of rows of ``X`` whose largest output of ``network`` is at index ``y``.

    Args:
        network: a module mapping (N, D) to class scores (N, K), K >= 2 (logits or
            probabilities: only their order matters).
        X: inputs of shape (N, D).
        y: int labels of shape (N,), in 0 .. K-1.
    """
    check_same_length(("X", "y"), X, y)
    scores = network.forward(X)
    if scores.ndim != 2 or scores.shape[1] < 2:
        raise ValueError(f"accuracy needs class scores of shape (N, K >= 2), got {scores.shape}")
    return float(np.mean(scores.argmax(axis=1) == np.asarray(y)))


@dataclass
class EarlyStoppingRun:
    """Per-epoch record of `train_with_early_stopping` (entry e is epoch e + 1).

    ``best_epoch`` is the epoch (counted from 1) whose parameters the network holds at the
    end: the first with the highest validation accuracy. ``stopped_epoch`` is the last
    epoch trained.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    best_epoch: int = 0
    stopped_epoch: int = 0


def train_with_early_stopping(
    network: Module,
    loss: Loss,
    X: np.ndarray,
    y: np.ndarray,
    *,
    optimizer: SGD,
    validation: tuple[np.ndarray, np.ndarray],
    max_epochs: int,
    patience: int,
    batch_size: int,
    rng: np.random.Generator | int,
) -> EarlyStoppingRun:
    """Train a classifier epoch by epoch and keep the parameters of its best validation epoch.

    After every epoch the accuracy on ``validation`` is measured. Training stops after
    ``patience`` epochs in a row without a strictly higher validation accuracy than the best
    so far, or after ``max_epochs``; then the parameters of the best epoch (the first to reach
    the highest accuracy) are copied back into the network's arrays, in place.

    Args:
        network: a module mapping (N, D) to class scores (N, K), K >= 2, trained in place.
        loss: the loss module, e.g. `course_lib.losses.SoftmaxCrossEntropy`.
        X: training inputs of shape (N, D); y: int labels of shape (N,).
        optimizer: the SGD instance holding ``network``'s parameters (its ``weight_decay``
            is the L2 strength).
        validation: ``(X_val, y_val)``, shapes (M, D) and (M,).
        max_epochs: the most epochs to train, >= 1.
        patience: epochs without improvement before stopping, >= 1.
        batch_size: samples per update.
        rng: shuffles the data each epoch.

    Returns:
        An `EarlyStoppingRun` with the training loss (mean over the epoch's minibatches),
        the validation loss and both accuracies, measured after each epoch.
    """
    max_epochs = check_positive_int("max_epochs", max_epochs)
    patience = check_positive_int("patience", patience)
    rng = check_rng("rng", rng)
    X_val, y_val = validation
    check_same_length(("X_val", "y_val"), X_val, y_val)
    run = EarlyStoppingRun()
    best_accuracy, best_params, waited = -1.0, None, 0
    for epoch in range(1, max_epochs + 1):
        history = train(
            network, loss, X, y, optimizer=optimizer, epochs=1, batch_size=batch_size, rng=rng
        )
        run.loss.append(history.loss[0])
        run.val_loss.append(float(loss.forward(network.forward(X_val), y_val)))
        run.train_accuracy.append(accuracy(network, X, y))
        run.val_accuracy.append(accuracy(network, X_val, y_val))
        run.stopped_epoch = epoch
        if run.val_accuracy[-1] > best_accuracy:
            best_accuracy, waited, run.best_epoch = run.val_accuracy[-1], 0, epoch
            best_params = {name: value.copy() for name, value in network.params.items()}
        else:
            waited += 1
            if waited >= patience:
                break
    params = network.params
    for name, value in best_params.items():
        params[name][...] = value
    return run


def fit_mlp_classifier(
    X: np.ndarray,
    y: np.ndarray,
    *,
    validation: tuple[np.ndarray, np.ndarray],
    width: int,
    lr: float,
    weight_decay: float,
    max_epochs: int,
    patience: int,
    batch_size: int = 32,
    seed: int = 0,
) -> tuple[Module, EarlyStoppingRun]:
    """A D-width-K ReLU network trained by minibatch SGD with weight decay and early stopping.

    The network is ``Linear(D, width)`` (He initialisation), ReLU, ``Linear(width, K)``
    (LeCun initialisation), with K = ``y.max() + 1`` classes, trained on the softmax
    cross-entropy by `train_with_early_stopping`. Everything random (the initial weights and
    the shuffling) is drawn from ``np.random.default_rng(seed)``, so a run is replayed exactly.

    Args:
        X: training inputs of shape (N, D); y: int labels of shape (N,).
        validation: ``(X_val, y_val)``, shapes (M, D) and (M,), for early stopping.
        width: hidden units, >= 1.  lr: learning rate, > 0.  weight_decay: L2 strength, >= 0.
        max_epochs, patience, batch_size: as in `train_with_early_stopping`.
        seed: the seed of the run.

    Returns:
        ``(network, run)``: the trained `Sequential` holding the best epoch's parameters, and
        the run's record.
    """
    width = check_positive_int("width", width)
    y = np.asarray(y)
    generator = np.random.default_rng(seed)
    network = Sequential(
        Linear(X.shape[1], width, rng=generator, init="he"),
        ReLU(),
        Linear(width, int(y.max()) + 1, rng=generator, init="lecun"),
        input_grad=False,
    )
    optimizer = SGD(network, lr, weight_decay=weight_decay)
    run = train_with_early_stopping(
        network,
        SoftmaxCrossEntropy(),
        X,
        y,
        optimizer=optimizer,
        validation=validation,
        max_epochs=max_epochs,
        patience=patience,
        batch_size=batch_size,
        rng=generator,
    )
    return network, run


def layer_statistics(
    network: Sequential, X: np.ndarray, dout: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How the signal and the gradient spread through a network, layer by layer.

    Runs ``X`` forward through ``network.layers`` one module at a time, then ``dout`` back
    through them in reverse (every module's ``grads`` is updated on the way).

    Args:
        network: a `Sequential` (its list ``layers``).
        X: inputs of shape (N, D_in).
        dout: the gradient of some loss with respect to the network's output, of its shape.

    Returns:
        ``(spreads, norms)``: ``spreads[k]`` is the standard deviation of all entries of the
        output of the k-th module without parameters (the activations), in forward order;
        ``norms[k]`` the Frobenius norm of the gradient of the k-th weight matrix (parameters
        named ``"W"``), in forward order. Two float arrays.
    """
    out = X
    spreads = []
    for layer in network.layers:
        out = layer.forward(out)
        if not layer.params:
            spreads.append(float(np.std(out)))
    if np.shape(dout) != np.shape(out):
        raise ValueError(f"dout must have the output's shape {np.shape(out)}, got {np.shape(dout)}")
    for layer in reversed(network.layers):
        dout = layer.backward(dout)
        if dout is None:
            break
    norms = [
        float(np.linalg.norm(layer.grads["W"])) for layer in network.layers if "W" in layer.params
    ]
    return np.array(spreads), np.array(norms)
