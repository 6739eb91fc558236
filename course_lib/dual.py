"""Forward-mode differentiation with dual numbers.

A `Dual` carries a value ``x`` together with a derivative ``dx`` (think ``x + dx * eps`` with
``eps ** 2 = 0``). Each operation applies the chain rule on the spot: the output's
derivative is the local derivative times the incoming one. So a single forward evaluation
of ``f`` on ``Dual(x, 1.0)`` returns both ``f(x)`` and ``f'(x)``, with no graph stored.

When to use which mode:

* Forward mode (this module) pushes the derivative of *one input* through the whole
  computation. One pass gives that input's effect on every output, so it wins when there
  are few inputs and many outputs (a curve ``t -> (x(t), y(t), z(t))``, a sensitivity to
  one parameter). It needs no memory for a graph.
* Reverse mode (`course_lib.engine.Value`) pulls the derivative of *one output* back to
  every input. One backward pass gives the whole gradient, so it wins when there are many
  inputs and one output: a loss as a function of millions of weights, which is training.

Getting the full gradient of a loss of ``n`` weights in forward mode would take ``n`` passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real

from course_lib.engine import (
    _as_float,
    _checked_exp,
    _checked_log,
    _power_and_slope,
    _stable_sigmoid,
)


class Dual:
    """A number ``value`` carrying the derivative ``derivative`` of itself along one input."""

    __slots__ = ("derivative", "value")

    def __init__(self, value: float, derivative: float = 0.0) -> None:
        self.value = _as_float("Dual value", value)
        self.derivative = _as_float("Dual derivative", derivative)

    def __repr__(self) -> str:
        return f"Dual(value={self.value}, derivative={self.derivative})"

    def __add__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.derivative + other.derivative)

    def __sub__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value - other.value, self.derivative - other.derivative)

    def __mul__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(
            self.value * other.value,
            self.derivative * other.value + self.value * other.derivative,
        )

    def __truediv__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        if other.value == 0:
            raise ZeroDivisionError(f"division of {self!r} by a Dual whose value is 0")
        out = self.value / other.value
        return Dual(out, (self.derivative - out * other.derivative) / other.value)

    def __radd__(self, other: Dual | float) -> Dual:
        return Dual(other) + self

    def __rsub__(self, other: Dual | float) -> Dual:
        return Dual(other) - self

    def __rmul__(self, other: Dual | float) -> Dual:
        return Dual(other) * self

    def __rtruediv__(self, other: Dual | float) -> Dual:
        return Dual(other) / self

    def __pow__(self, exponent: Dual | float) -> Dual:
        """``self ** exponent``; a Dual exponent needs ``self.value > 0`` (via exp and log)."""
        if isinstance(exponent, Dual):
            return (exponent * self.log()).exp()
        out, slope = _power_and_slope(self.value, _as_float("the exponent", exponent))
        return Dual(out, slope * self.derivative)

    def __rpow__(self, base: float) -> Dual:
        """``base ** self`` for a positive number ``base``."""
        return (self * Dual(base).log()).exp()

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.derivative)

    def exp(self) -> Dual:
        """``e ** value``; raises OverflowError for value above about 709.78."""
        e = _checked_exp(self.value)
        return Dual(e, e * self.derivative)

    def log(self) -> Dual:
        """Natural logarithm; raises ValueError for value <= 0."""
        return Dual(_checked_log(self.value), self.derivative / self.value)

    def sin(self) -> Dual:
        return Dual(math.sin(self.value), math.cos(self.value) * self.derivative)

    def cos(self) -> Dual:
        return Dual(math.cos(self.value), -math.sin(self.value) * self.derivative)

    def tanh(self) -> Dual:
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.derivative)

    def sigmoid(self) -> Dual:
        s = _stable_sigmoid(self.value)
        return Dual(s, s * (1.0 - s) * self.derivative)

    def relu(self) -> Dual:
        positive = self.value > 0
        return Dual(self.value if positive else 0.0, self.derivative if positive else 0.0)


def derivative(f: Callable[[Dual], Dual | float], x: float) -> float:
    """``f'(x)`` by one forward pass of ``f`` on ``Dual(x, 1.0)``.

    Args:
        f: a function of one scalar built from Dual operations (``+ - * / **``, ``exp``...).
        x: the point, a real number.

    Returns:
        The derivative as a float (0.0 if ``f`` returns a plain number: a constant).
    """
    out = f(Dual(_as_float("x", x), 1.0))
    if isinstance(out, Dual):
        return out.derivative
    if isinstance(out, Real):
        return 0.0
    raise TypeError(f"f must return a Dual or a number, got {type(out).__name__}")
