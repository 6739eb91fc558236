"""Multi-layer perceptrons with the scikit-learn conventions, built from the course's layers.

``MLPClassifier`` ends in one logit and a sigmoid for two classes (binary cross-entropy),
or in K logits and a softmax for K classes (softmax cross-entropy); ``MLPRegressor`` ends
in a linear layer with the squared error. The hidden layers are ``Linear`` followed by the
chosen activation, and the network is trained by minibatch SGD (`course_lib.training`).
"""

from __future__ import annotations

import itertools

import numpy as np

from course_lib._validation import as_float_array, check_positive_int, check_same_length
from course_lib.activations import get_activation, sigmoid, softmax
from course_lib.layers import Activation, Linear, Module, Sequential
from course_lib.losses import BinaryCrossEntropy, Loss, SoftmaxCrossEntropy, SquaredError
from course_lib.optim import SGD, Adam
from course_lib.training import train


class _MLP:
    """Shared by the classifier and the regressor: building, training and running."""

    def __init__(
        self,
        hidden_sizes: tuple[int, ...] = (8,),
        activation: str = "tanh",
        lr: float = 0.1,
        schedule: str = "constant",
        epochs: int = 200,
        batch_size: int | None = 32,
        momentum: float = 0.0,
        l2: float = 0.0,
        random_state: int = 0,
        progress: bool = False,
    ) -> None:
        self.hidden_sizes = hidden_sizes
        self.activation = activation
        self.lr = lr
        self.schedule = schedule
        self.epochs = epochs
        self.batch_size = batch_size
        self.momentum = momentum
        self.l2 = l2
        self.random_state = random_state
        self.progress = progress

    def _build(self, n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Sequential:
        get_activation(self.activation)  # fails early, with the list of names, if unknown
        init = "he" if self.activation == "relu" else "lecun"
        sizes = [n_inputs, *(check_positive_int("hidden size", h) for h in self.hidden_sizes)]
        layers: list[Module] = []
        for d_in, d_out in itertools.pairwise(sizes):
            layers += [Linear(d_in, d_out, rng=rng, init=init), Activation(self.activation)]
        layers.append(Linear(sizes[-1], n_outputs, rng=rng, init="lecun"))
        return Sequential(*layers, input_grad=False)

    def _fit(self, X: np.ndarray, targets: np.ndarray, n_outputs: int, loss: Loss) -> None:
        rng = np.random.default_rng(self.random_state)
        self.n_features_in_ = X.shape[1]
        self.network_ = self._build(X.shape[1], n_outputs, rng)
        optimizer = self._optimizer(self.network_)
        batch_size = len(X) if self.batch_size is None else min(self.batch_size, len(X))
        history = train(
            self.network_,
            loss,
            X,
            targets,
            optimizer=optimizer,
            epochs=self.epochs,
            batch_size=batch_size,
            rng=rng,
            progress=self.progress,
        )
        self.loss_curve_ = history.loss

    def _optimizer(self, network: Sequential) -> SGD | Adam:
        """What trains ``network``: SGD with the model's rate, schedule, momentum and L2."""
        return SGD(
            network, self.lr, schedule=self.schedule, momentum=self.momentum, weight_decay=self.l2
        )

    def _outputs(self, X: object) -> np.ndarray:
        if not hasattr(self, "network_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y)")
        X = as_float_array("X", X, ndim=2)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features but the model was fitted on {self.n_features_in_}"
            )
        return self.network_.forward(X)


class MLPClassifier(_MLP):
    """An MLP for classification; labels may be any sortable values.

    Takes the arguments of the shared constructor and ``init_scale`` (keyword only, a finite
    float > 0, default 1): every initial weight matrix is drawn as usual (LeCun's std
    sqrt(1/D_in), He's for ReLU) and then multiplied by ``init_scale``. So 1 is the usual
    initialisation, and 0.1 or 10 start ten times smaller or larger, from the same draws.

    Attributes:
        classes_: the sorted distinct labels.  network_: the trained `Sequential`.
        loss_curve_: mean training loss of each epoch.
    """

    def __init__(self, *args: object, init_scale: float = 1.0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.init_scale = init_scale

    def _build(self, n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Sequential:
        scale = float(as_float_array("init_scale", self.init_scale, ndim=0))
        if not scale > 0:
            raise ValueError(f"init_scale must be a finite number > 0, got {self.init_scale!r}")
        network = super()._build(n_inputs, n_outputs, rng)
        for layer in network.layers:
            if isinstance(layer, Linear):
                layer.params["W"] *= scale
        return network

    def fit(self, X: object, y: object) -> MLPClassifier:
        X = as_float_array("X", X, ndim=2)
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D with one label per row, got shape {y.shape}")
        check_same_length(("X", "y"), X, y)
        self.classes_, indices = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError("y must contain at least two classes to classify")
        if len(self.classes_) == 2:
            self._fit(X, indices.astype(np.float64)[:, None], 1, BinaryCrossEntropy())
        else:
            self._fit(X, indices, len(self.classes_), SoftmaxCrossEntropy())
        return self

    def predict_proba(self, X: object) -> np.ndarray:
        """Shape (N,): probability of ``classes_[1]`` for two classes; (N, K) for K > 2."""
        logits = self._outputs(X)
        return sigmoid(logits[:, 0]) if len(self.classes_) == 2 else softmax(logits)

    def predict(self, X: object) -> np.ndarray:
        """The most probable label of each row, shape (N,)."""
        proba = self.predict_proba(X)
        index = (proba > 0.5).astype(int) if proba.ndim == 1 else proba.argmax(axis=1)
        return self.classes_[index]

    def score(self, X: object, y: object) -> float:
        """Accuracy of ``predict(X)`` against ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y)))


class MLPRegressor(_MLP):
    """An MLP for regression with a linear output and the squared error.

    Takes the arguments of the classifier, and ``optimizer``: ``"sgd"`` (minibatch SGD,
    with ``momentum`` if it is > 0) or ``"adam"`` (`course_lib.optim.Adam` with its default
    betas and epsilon; ``momentum`` must then be 0, since Adam keeps its own average).

    Attributes:
        network_: the trained `Sequential`.  loss_curve_: mean training loss per epoch.
    """

    OPTIMIZERS = ("sgd", "adam")

    def __init__(self, *args: object, optimizer: str = "sgd", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.optimizer = optimizer

    def _fit(self, X: np.ndarray, targets: np.ndarray, n_outputs: int, loss: Loss) -> None:
        if self.optimizer not in self.OPTIMIZERS:
            known = ", ".join(repr(name) for name in self.OPTIMIZERS)
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of: {known}")
        if self.optimizer == "adam" and self.momentum:
            raise ValueError(
                f"momentum={self.momentum!r} is for optimizer='sgd'; Adam keeps its own "
                "running average of the gradient, so leave momentum at 0"
            )
        super()._fit(X, targets, n_outputs, loss)

    def _optimizer(self, network: Sequential) -> SGD | Adam:
        if self.optimizer == "adam":
            return Adam(network, self.lr, schedule=self.schedule, weight_decay=self.l2)
        return super()._optimizer(network)

    def fit(self, X: object, y: object) -> MLPRegressor:
        X = as_float_array("X", X, ndim=2)
        y = as_float_array("y", y, ndim=(1, 2))
        check_same_length(("X", "y"), X, y)
        self._single_output = y.ndim == 1
        targets = y[:, None] if self._single_output else y
        self._fit(X, targets, targets.shape[1], SquaredError())
        return self

    def predict(self, X: object) -> np.ndarray:
        """Predictions of shape (N,) if fitted on 1-D targets, else (N, K)."""
        out = self._outputs(X)
        return out[:, 0] if self._single_output else out

    def score(self, X: object, y: object) -> float:
        """Coefficient of determination R^2 of the predictions."""
        y = as_float_array("y", y, ndim=(1, 2))
        residual = np.sum((y - self.predict(X)) ** 2)
        total = np.sum((y - y.mean(axis=0)) ** 2)
        return float(1.0 - residual / total) if total > 0 else 0.0
