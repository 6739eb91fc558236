"""Stochastic gradient descent: learning-rate schedules and the update rule.

A schedule maps the step number ``t = 1, 2, ...`` to a learning rate. The four below are
the ones the course compares: a constant rate never stops moving (it hovers around the
minimum at a distance that grows with the rate), while ``eta0 / t`` satisfies the
Robbins-Monro conditions ``sum eta_t = inf`` and ``sum eta_t^2 < inf``; ``eta0 / sqrt(t)``
sums to infinity but its squares do not converge, so it decays more gently. Step decay
``eta0 * drop ** floor((t - 1) / every)`` holds the rate for ``every`` updates and then
multiplies it by ``drop``: its rates sum to a finite ``eta0 * every / (1 - drop)``, so it
fails the first condition, yet within a fixed budget of updates it is often the best of
the four.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from course_lib.layers import Module

Schedule = Callable[[int], float]


def constant(eta0: float) -> Schedule:
    """``eta_t = eta0``."""
    _check_rate(eta0)
    return lambda t: eta0


def inverse_time(eta0: float) -> Schedule:
    """``eta_t = eta0 / t``."""
    _check_rate(eta0)
    return lambda t: eta0 / t


def inverse_sqrt(eta0: float) -> Schedule:
    """``eta_t = eta0 / sqrt(t)``."""
    _check_rate(eta0)
    return lambda t: eta0 / np.sqrt(t)


def step_decay(eta0: float, drop: float = 0.5, every: int = 100) -> Schedule:
    """``eta_t = eta0 * drop ** floor((t - 1) / every)``.

    Updates ``1 .. every`` use ``eta0``, the next ``every`` use ``eta0 * drop``, and so on.

    Args:
        eta0: the initial rate, > 0.
        drop: the factor applied after every ``every`` updates, in (0, 1].
        every: the number of updates between two drops, an int >= 1.
    """
    _check_rate(eta0)
    if not (isinstance(drop, (int, float, np.floating)) and 0.0 < drop <= 1.0):
        raise ValueError(f"drop must be a number in (0, 1], got {drop!r}")
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"every must be an int >= 1, got {every!r}")
    drop, every = float(drop), int(every)
    return lambda t: eta0 * drop ** ((t - 1) // every)


SCHEDULES: dict[str, Callable[..., Schedule]] = {
    "constant": constant,
    "1/t": inverse_time,
    "1/sqrt(t)": inverse_sqrt,
    "step": step_decay,
}


def make_schedule(
    lr: float, schedule: str | Schedule = "constant", **params: float | int
) -> Schedule:
    """A schedule from its name in `SCHEDULES` and the initial rate, or a callable as is.

    ``params`` go to the schedule's factory: ``drop`` and ``every`` for ``"step"``; the
    other three take none.
    """
    if callable(schedule):
        if params:
            raise ValueError("schedule parameters are given, but the schedule is a callable")
        return schedule
    if schedule not in SCHEDULES:
        known = ", ".join(SCHEDULES)
        raise ValueError(f"unknown schedule {schedule!r}; choose one of: {known}")
    factory = SCHEDULES[schedule]
    allowed = {"step": {"drop", "every"}}.get(schedule, set())
    unknown = sorted(set(params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise ValueError(
            f"the schedule {schedule!r} takes {takes}; got unknown parameters {unknown}"
        )
    return factory(lr, **params)


def _check_rate(eta0: float) -> None:
    if not (isinstance(eta0, (int, float, np.floating)) and eta0 > 0 and np.isfinite(eta0)):
        raise ValueError(f"the learning rate must be a positive number, got {eta0!r}")


class SGD:
    """Minibatch SGD with momentum and L2 weight decay, updating parameters in place.

    One step with gradient ``g`` of parameter ``w``, at learning rate ``eta_t``:
    ``g <- g + weight_decay * w`` (weights only, not biases: the decay is the gradient of
    ``(weight_decay / 2) ||W||^2``), ``v <- momentum * v - eta_t * g``, ``w <- w + v``.
    With ``momentum = 0`` this is plain ``w <- w - eta_t g``.

    The step allocates nothing once it has run: ``eta_t * g`` is formed in a scratch array
    kept per parameter (and the velocity likewise), and the gradients are left as they are.

    Args:
        modules: the modules whose ``params`` / ``grads`` to update (a Sequential counts as one).
        lr: initial learning rate ``eta0``.
        schedule: ``"constant"``, ``"1/t"``, ``"1/sqrt(t)"`` or a callable ``t -> eta_t``.
        momentum: in [0, 1).
        weight_decay: L2 strength ``lambda`` >= 0, applied to parameters named ``"W"``.
    """

    def __init__(
        self,
        modules: Module | Iterable[Module],
        lr: float = 0.1,
        *,
        schedule: str | Schedule = "constant",
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        self.modules = [modules] if isinstance(modules, Module) else list(modules)
        self.schedule = make_schedule(lr, schedule)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if not weight_decay >= 0.0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.t = 0
        self._velocity: dict[int, np.ndarray] = {}
        self._scratch: dict[int, np.ndarray] = {}

    def step(self) -> None:
        """Apply one update to every parameter from the gradients of the last backward."""
        self.t += 1
        eta = self.schedule(self.t)
        for module in self.modules:
            grads = module.grads  # a Sequential builds this dict on every access
            for name, param in module.params.items():
                decays = self.weight_decay and name.rsplit(".", 1)[-1] == "W"
                self._update(param, grads[name], eta, bool(decays))

    def _update(self, param: np.ndarray, grad: np.ndarray, eta: float, decays: bool) -> None:
        """``param`` moved in place by ``-eta * (grad + decay * param)``, through momentum."""
        step = _buffer_like(self._scratch, param)
        if decays:
            np.multiply(param, self.weight_decay, out=step)
            step += grad
            step *= eta
        else:
            np.multiply(grad, eta, out=step)
        if self.momentum:
            velocity = self._velocity.get(id(param))
            if velocity is None:
                velocity = self._velocity[id(param)] = np.zeros_like(param)
            velocity *= self.momentum
            velocity -= step
            param += velocity
        else:
            param -= step

    @property
    def learning_rate(self) -> float:
        """The rate the next step will use."""
        return float(self.schedule(self.t + 1))


def _buffer_like(buffers: dict[int, np.ndarray], param: np.ndarray) -> np.ndarray:
    """The array kept in ``buffers`` for ``param``, (re)made when its shape or dtype changed."""
    buffer = buffers.get(id(param))
    if buffer is None or buffer.shape != param.shape or buffer.dtype != param.dtype:
        buffer = buffers[id(param)] = np.empty_like(param)
    return buffer
