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

import inspect
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
    allowed = set(list(inspect.signature(factory).parameters)[1:])  # all but eta0
    unknown = sorted(set(params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise ValueError(
            f"the schedule {schedule!r} takes {takes}; got unknown parameters {unknown}"
        )
    return factory(lr, **params)


def _check_rate(eta0: float, name: str = "the learning rate") -> None:
    if not (isinstance(eta0, (int, float, np.floating)) and eta0 > 0 and np.isfinite(eta0)):
        raise ValueError(f"{name} must be a positive number, got {eta0!r}")


class _ModuleOptimiser:
    """What SGD and Adam share: the modules, the schedule, the step count, L2 weight decay on
    the parameters named ``"W"``, and the loop of a step over every parameter, which hands
    each to ``_update(param, grad, eta, decays)``."""

    def __init__(
        self,
        modules: Module | Iterable[Module],
        lr: float,
        schedule: str | Schedule,
        weight_decay: float,
    ) -> None:
        self.modules = [modules] if isinstance(modules, Module) else list(modules)
        self.schedule = make_schedule(lr, schedule)
        if not weight_decay >= 0.0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.weight_decay = weight_decay
        self.t = 0

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
        raise NotImplementedError

    @property
    def learning_rate(self) -> float:
        """The rate the next step will use."""
        return float(self.schedule(self.t + 1))


class SGD(_ModuleOptimiser):
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
        super().__init__(modules, lr, schedule, weight_decay)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.momentum = momentum
        self._velocity: dict[int, np.ndarray] = {}
        self._scratch: dict[int, np.ndarray] = {}

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


def _buffer_like(buffers: dict[int, np.ndarray], param: np.ndarray) -> np.ndarray:
    """The array kept in ``buffers`` for ``param``, (re)made when its shape or dtype changed."""
    buffer = buffers.get(id(param))
    if buffer is None or buffer.shape != param.shape or buffer.dtype != param.dtype:
        buffer = buffers[id(param)] = np.empty_like(param)
    return buffer


# --- Update rules with state: momentum and Adam ------------------------------------------
#
# Each rule is a pure function ``rule(w, dw, config) -> (next_w, next_config)``: it reads
# the hyper-parameters and the running state from ``config`` (filling in defaults for what
# is missing), leaves ``w``, ``dw`` and ``config`` as they were, and returns the new
# parameter with a new dict that holds the updated state. Feeding that dict back in at the
# next step is what gives the rule its memory.

_MOMENTUM_DEFAULTS = {"learning_rate": 1e-2, "momentum": 0.9}
_ADAM_DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def sgd_momentum(
    w: np.ndarray, dw: np.ndarray, config: dict | None = None
) -> tuple[np.ndarray, dict]:
    """One step of SGD with momentum.

    ``v <- momentum * v - learning_rate * dw`` and ``next_w = w + v``: the velocity ``v`` is
    a running sum of past gradients, each older one weighted by a further factor
    ``momentum``. With ``momentum = 0`` this is the plain step ``w - learning_rate * dw``.

    Args:
        w: float array of any shape, the parameter.
        dw: float array of the shape of w, the gradient of the loss at w.
        config: dict or None, with optional keys "learning_rate" (> 0, default 1e-2),
            "momentum" (in [0, 1), default 0.9) and "velocity" (array of w's shape, default
            zeros).

    Returns:
        (next_w, next_config): next_w of w's shape; next_config a new dict with every key
        above, "velocity" the updated one.
    """
    w, dw = _parameter_and_gradient(w, dw)
    config = _with_defaults(config, _MOMENTUM_DEFAULTS)
    _check_in_unit_interval("momentum", config["momentum"])
    velocity = _state(config, "velocity", w)
    velocity = config["momentum"] * velocity - config["learning_rate"] * dw
    return w + velocity, {**config, "velocity": velocity}


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """One step of Adam: momentum on the gradient, scaled per coordinate by its typical size.

    With step count ``t`` (1 at the first step)::

        m <- beta1 * m + (1 - beta1) * dw          running mean of the gradient
        v <- beta2 * v + (1 - beta2) * dw**2       running mean of its square
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)   (bias correction)
        next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    The averages start at zero, so early on they are too small by the factors the bias
    correction divides out; at ``t = 1`` it gives ``m_hat = dw`` and ``v_hat = dw**2``, a
    step of size about ``learning_rate`` in every coordinate whatever the gradient's scale.

    Args:
        w: float array of any shape, the parameter.
        dw: float array of the shape of w, the gradient of the loss at w.
        config: dict or None, with optional keys "learning_rate" (> 0, default 1e-3),
            "beta1" and "beta2" (in [0, 1), defaults 0.9 and 0.999), "epsilon" (> 0,
            default 1e-8), "m" and "v" (arrays of w's shape, default zeros) and "t" (int
            >= 0, the number of steps taken so far, default 0).

    Returns:
        (next_w, next_config): next_w of w's shape; next_config a new dict with every key
        above, "m", "v" and "t" updated.
    """
    w, dw = _parameter_and_gradient(w, dw)
    config = _with_defaults(config, _ADAM_DEFAULTS)
    beta1, beta2, epsilon = config["beta1"], config["beta2"], config["epsilon"]
    _check_in_unit_interval("beta1", beta1)
    _check_in_unit_interval("beta2", beta2)
    if not (isinstance(epsilon, (int, float, np.floating)) and epsilon > 0):
        raise ValueError(f"config['epsilon'] must be a positive number, got {epsilon!r}")
    t = config.get("t", 0)
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
        raise ValueError(f"config['t'] must be an int >= 0 (steps taken so far), got {t!r}")
    t = int(t) + 1
    m = beta1 * _state(config, "m", w) + (1 - beta1) * dw
    v = beta2 * _state(config, "v", w) + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + epsilon)
    return next_w, {**config, "m": m, "v": v, "t": t}


class Adam(_ModuleOptimiser):
    """Adam for the parameters of modules, updating them in place through `adam`.

    Each parameter keeps its own config (its ``m``, ``v`` and ``t``). The learning rate of
    step ``t`` comes from the schedule, as in `SGD`; ``weight_decay`` adds
    ``weight_decay * W`` to the gradient of every parameter named ``"W"`` first.

    Args:
        modules: the modules whose ``params`` / ``grads`` to update (a Sequential counts as one).
        lr: initial learning rate ``eta0``.
        schedule: ``"constant"``, ``"1/t"``, ``"1/sqrt(t)"`` or a callable ``t -> eta_t``.
        beta1, beta2: in [0, 1), the decay rates of the two running averages.
        epsilon: > 0, added to the root of the second average.
        weight_decay: L2 strength >= 0, applied to parameters named ``"W"``.
    """

    def __init__(
        self,
        modules: Module | Iterable[Module],
        lr: float = 1e-3,
        *,
        schedule: str | Schedule = "constant",
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(modules, lr, schedule, weight_decay)
        _check_in_unit_interval("beta1", beta1)
        _check_in_unit_interval("beta2", beta2)
        self.hyper = {"beta1": beta1, "beta2": beta2, "epsilon": epsilon}
        self._configs: dict[int, dict] = {}

    def _update(self, param: np.ndarray, grad: np.ndarray, eta: float, decays: bool) -> None:
        """``param`` moved in place by one `adam` step on ``grad + decay * param``."""
        if decays:
            grad = grad + self.weight_decay * param
        config = {**self._configs.get(id(param), self.hyper), "learning_rate": float(eta)}
        param[...], self._configs[id(param)] = adam(param, grad, config)


def _parameter_and_gradient(w: object, dw: object) -> tuple[np.ndarray, np.ndarray]:
    """w and dw as float arrays of one shape, or a ValueError that names the problem."""
    arrays = []
    for name, value in (("w", w), ("dw", dw)):
        array = np.asarray(value)
        if not np.issubdtype(array.dtype, np.floating):
            raise ValueError(f"{name} must be a float array, got dtype {array.dtype}")
        arrays.append(array)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"dw must have the shape of w, {arrays[0].shape}, but has {arrays[1].shape}"
        )
    return arrays[0], arrays[1]


def _with_defaults(config: dict | None, defaults: dict) -> dict:
    """A new dict: the defaults, overridden by config; checks the learning rate."""
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ValueError(f"config must be a dict or None, got a {type(config).__name__}")
    merged = {**defaults, **config}
    _check_rate(merged["learning_rate"], "config['learning_rate']")
    return merged


def _check_in_unit_interval(name: str, value: object) -> None:
    if not (isinstance(value, (int, float, np.floating)) and 0.0 <= value < 1.0):
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")


def _state(config: dict, key: str, w: np.ndarray) -> np.ndarray:
    """The state array config[key] (zeros like w when absent), checked against w's shape."""
    if key not in config:
        return np.zeros_like(w)
    state = np.asarray(config[key])
    if state.shape != w.shape:
        raise ValueError(f"config[{key!r}] must have the shape of w, {w.shape}, not {state.shape}")
    return state
