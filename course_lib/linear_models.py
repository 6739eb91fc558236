"""Single-unit classifiers with the scikit-learn conventions: the perceptron and
logistic regression.

Both take hyper-parameters in ``__init__``, learn in ``fit(X, y)`` and keep what they learned
in attributes ending in ``_`` (``coef_``, ``intercept_``, ``n_iter_``). ``X`` has shape
(N, D), labels ``y`` are 0/1 of shape (N,).
"""

from __future__ import annotations

import numpy as np

from course_lib._validation import (
    as_binary_labels,
    as_float_array,
    check_positive_int,
    check_rng,
    check_same_length,
)
from course_lib.activations import sigmoid, step
from course_lib.losses import binary_cross_entropy_with_logits
from course_lib.optim import make_schedule
from course_lib.training import minibatches


class _LinearUnit:
    """What both classifiers share: a weight vector, a bias, and checked inputs."""

    coef_: np.ndarray
    intercept_: float

    def _check_fit_input(self, X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
        X = as_float_array("X", X, ndim=2)
        y = as_binary_labels("y", y)
        check_same_length(("X", "y"), X, y)
        return X, y

    def _check_predict_input(self, X: object) -> np.ndarray:
        if not hasattr(self, "coef_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y)")
        X = as_float_array("X", X, ndim=2)
        if X.shape[1] != len(self.coef_):
            raise ValueError(
                f"X has {X.shape[1]} features but the model was fitted on {len(self.coef_)}"
            )
        return X

    def decision_function(self, X: object) -> np.ndarray:
        """The pre-activation ``X @ coef_ + intercept_``, shape (N,)."""
        return self._check_predict_input(X) @ self.coef_ + self.intercept_

    def score(self, X: object, y: object) -> float:
        """Accuracy of ``predict(X)`` against 0/1 labels ``y``."""
        y = as_binary_labels("y", y)
        return float(np.mean(self.predict(X) == y))

    def predict(self, X: object) -> np.ndarray:
        raise NotImplementedError


class Perceptron(_LinearUnit):
    """Rosenblatt's perceptron with the bias folded in as a constant input 1.

    Training starts from ``w = 0``. Online mode visits the rows in order (or shuffled when
    ``random_state`` is given) and, whenever ``H(w . x) != y``, adds ``lr * x`` if ``y = 1``
    and subtracts it if ``y = 0``; batch mode adds ``lr * X.T @ (y - H(X @ w))`` once per
    epoch. Training stops after the first epoch without a mistake, or after ``max_epochs``;
    ``converged_`` says which (it never converges on data that is not linearly separable).

    With ``average=True`` the model keeps, and predicts with, the mean of the weights over
    the whole run instead of the last ones (the averaged perceptron): online, the mean of
    ``w`` after every visited row, updated or not; in batch mode, the mean of ``w`` after
    every epoch. On data no line separates, the last weights keep jumping; their mean
    settles. Training and its stopping rule are the same either way.

    Attributes:
        w_: (D + 1,) the weights it predicts with, bias last (the mean when ``average``).
        last_w_: (D + 1,) the weights at the end of training.
        coef_: (D,).  intercept_: float (both from ``w_``).
        converged_: bool.  n_iter_: epochs run.  mistakes_: mistakes per epoch.
        updates_: list of ``(epoch, row, w)`` after each online update.
    """

    def __init__(
        self,
        lr: float = 1.0,
        max_epochs: int = 100,
        mode: str = "online",
        random_state: int | np.random.Generator | None = None,
        average: bool = False,
    ) -> None:
        self.lr = lr
        self.max_epochs = max_epochs
        self.mode = mode
        self.random_state = random_state
        self.average = average

    def fit(self, X: object, y: object) -> Perceptron:
        X, y = self._check_fit_input(X, y)
        if self.mode not in ("online", "batch"):
            raise ValueError(f"mode must be 'online' or 'batch', got {self.mode!r}")
        if not isinstance(self.average, (bool, np.bool_)):
            raise TypeError(f"average must be True or False, got {self.average!r}")
        max_epochs = check_positive_int("max_epochs", self.max_epochs)
        rng = None if self.random_state is None else check_rng("random_state", self.random_state)
        X1 = np.hstack([X, np.ones((len(X), 1))])
        w = np.zeros(X1.shape[1])
        total, steps = np.zeros_like(w), 0  # sum and count of the weights, for the average
        self.mistakes_, self.updates_, self.converged_ = [], [], False
        for epoch in range(1, max_epochs + 1):
            if self.mode == "batch":
                errors = y - step(X1 @ w)
                w = w + self.lr * (X1.T @ errors)
                mistakes = int(np.count_nonzero(errors))
                total, steps = total + w, steps + 1
            else:
                mistakes = 0
                order = range(len(X1)) if rng is None else rng.permutation(len(X1))
                for row in order:
                    error = y[row] - step(X1[row] @ w)
                    if error != 0:
                        w = w + self.lr * error * X1[row]
                        mistakes += 1
                        self.updates_.append((epoch, int(row), w.copy()))
                    total, steps = total + w, steps + 1
            self.mistakes_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        self.n_iter_ = epoch
        self.last_w_ = w
        self.w_ = total / steps if self.average else w
        self.coef_, self.intercept_ = self.w_[:-1].copy(), float(self.w_[-1])
        return self

    def predict(self, X: object) -> np.ndarray:
        """0/1 predictions ``H(X @ coef_ + intercept_)``, shape (N,)."""
        return step(self.decision_function(X))


class LogisticRegression(_LinearUnit):
    """Logistic regression ``p = sigmoid(X @ coef_ + intercept_)`` fitted by maximum
    likelihood (minimum mean binary cross-entropy), with optional L2 penalty
    ``(l2 / 2) ||coef_||^2`` (the bias is not penalised).

    Args:
        solver: ``"sgd"`` (minibatches of ``batch_size``; ``batch_size=None`` is full-batch
            gradient descent) or ``"newton"`` (full batch, ``w <- w - H^{-1} grad`` with
            ``H = X1.T S X1 / N``, ``S = diag(p (1 - p))``).
        lr, schedule: learning rate and schedule for ``"sgd"`` (a name of
            `course_lib.optim.SCHEDULES` or a callable ``t -> eta_t``; ``t`` counts the
            updates from 1 across all epochs).
        schedule_params: the schedule's parameters, e.g. ``{"drop": 0.5, "every": 50}``
            for ``schedule="step"``; None for none.
        epochs: passes over the data (``"sgd"``) or Newton iterations (at most).
        tol: Newton stops when the step's norm falls below it.

    Attributes:
        coef_: (D,).  intercept_: float.  n_iter_: epochs or iterations run.
        loss_curve_: penalised training loss after each epoch / iteration.
        weight_norms_: ``||coef_||`` after each epoch / iteration.
    """

    def __init__(
        self,
        solver: str = "sgd",
        lr: float = 0.1,
        schedule: str = "constant",
        epochs: int = 100,
        batch_size: int | None = 1,
        l2: float = 0.0,
        tol: float = 1e-10,
        random_state: int | np.random.Generator | None = 0,
        schedule_params: dict[str, float] | None = None,
    ) -> None:
        self.solver = solver
        self.lr = lr
        self.schedule = schedule
        self.schedule_params = schedule_params
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.tol = tol
        self.random_state = random_state

    def fit(self, X: object, y: object) -> LogisticRegression:
        X, y = self._check_fit_input(X, y)
        epochs = check_positive_int("epochs", self.epochs)
        if self.l2 < 0:
            raise ValueError(f"l2 must be >= 0, got {self.l2!r}")
        X1 = np.hstack([X, np.ones((len(X), 1))])
        w = np.zeros(X1.shape[1])
        penalty = np.full(X1.shape[1], self.l2)
        penalty[-1] = 0.0  # the bias is not penalised
        self.loss_curve_, self.weight_norms_ = [], []
        if self.solver == "newton":
            steps = self._newton_steps(X1, y, w, penalty, epochs)
        elif self.solver == "sgd":
            steps = self._sgd_steps(X1, y, w, penalty, epochs)
        else:
            raise ValueError(f"solver must be 'sgd' or 'newton', got {self.solver!r}")
        self.n_iter_ = 0
        for w in steps:
            self.n_iter_ += 1
            z = X1 @ w
            penalised = binary_cross_entropy_with_logits(z, y) + 0.5 * np.sum(penalty * w * w)
            self.loss_curve_.append(penalised)
            self.weight_norms_.append(float(np.linalg.norm(w[:-1])))
        self.coef_, self.intercept_ = w[:-1].copy(), float(w[-1])
        return self

    def _sgd_steps(self, X1, y, w, penalty, epochs):
        """Yield the weights after each epoch of minibatch SGD."""
        rng = (
            check_rng("random_state", self.random_state) if self.random_state is not None else None
        )
        batch_size = len(X1) if self.batch_size is None else self.batch_size
        schedule = make_schedule(self.lr, self.schedule, **(self.schedule_params or {}))
        t = 0
        for _ in range(epochs):
            for batch in minibatches(len(X1), batch_size, rng=rng):
                t += 1
                Xb = X1[batch]
                gradient = Xb.T @ (sigmoid(Xb @ w) - y[batch]) / len(batch) + penalty * w
                w = w - schedule(t) * gradient
            yield w

    def _newton_steps(self, X1, y, w, penalty, iterations):
        """Yield the weights after each Newton step; stop when the step is below ``tol``."""
        n = len(X1)
        for _ in range(iterations):
            p = sigmoid(X1 @ w)
            gradient = X1.T @ (p - y) / n + penalty * w
            hessian = (X1.T * (p * (1.0 - p))) @ X1 / n + np.diag(penalty)
            step_, *_ = np.linalg.lstsq(hessian, gradient, rcond=None)
            w = w - step_
            yield w
            if np.linalg.norm(step_) < self.tol:
                return

    def predict_proba(self, X: object) -> np.ndarray:
        """Probability of class 1 for each row, shape (N,)."""
        return sigmoid(self.decision_function(X))

    def predict(self, X: object) -> np.ndarray:
        """0/1 predictions (probability above 0.5), shape (N,)."""
        return (self.predict_proba(X) > 0.5).astype(np.float64)
