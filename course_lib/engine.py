"""A scalar reverse-mode autodiff engine: `Value` and `topological_order`.

Every operation builds a new `Value` that remembers its children (``_prev``) and, computed
in the same forward step, the local derivative of its output with respect to each child
(``_local_grads``, aligned with ``_prev``). The backward pass is then nothing but the chain
rule: walking from the output to the inputs, each node hands ``local * its own grad`` to
each child. No closures, no recursion, no numpy: pure Python floats.

Gradients accumulate (``+=``), so a node used twice receives the sum of both contributions.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from numbers import Real

# Above this (about 709.78), exp would exceed the largest float, about 1.8e308.
_EXP_LIMIT = math.log(sys.float_info.max)


def _checked_exp(x: float) -> float:
    """``exp(x)``, or an OverflowError that says why (rather than a silent inf)."""
    if x > _EXP_LIMIT:
        raise OverflowError(f"exp({x!r}) exceeds the largest float: exp needs inputs below 709.78")
    return math.exp(x)


def _checked_log(x: float) -> float:
    """``log(x)`` for ``x > 0``, or a ValueError naming the offending value."""
    if x <= 0:
        raise ValueError(f"log is only defined for positive numbers, got {x!r}")
    return math.log(x)


def _stable_sigmoid(x: float) -> float:
    """``1 / (1 + exp(-x))`` taking ``exp`` of ``-|x|`` only, so it never overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _power_and_slope(x: float, n: float) -> tuple[float, float]:
    """``(x ** n, n * x ** (n - 1))``, rejecting bases where either is not a real number."""
    if x < 0 and not float(n).is_integer():
        raise ValueError(f"({x!r}) ** {n!r} is not a real number: negative base, fractional power")
    if x == 0 and n < 1 and n != 0:
        raise ZeroDivisionError(f"0 ** {n!r}: a power below 1 has no finite slope at 0")
    return x**n, (n * x ** (n - 1) if n != 0 else 0.0)


def _as_float(name: str, number: object) -> float:
    """``number`` as a Python float, or a TypeError naming ``name`` and what was given."""
    if isinstance(number, Real):
        return float(number)
    raise TypeError(f"{name} must be a real number (int, float), got {type(number).__name__}")


def _as_value(operand: object) -> Value:
    """``operand`` itself if it is a Value, else a new leaf Value holding the number."""
    if isinstance(operand, Value):
        return operand
    data = operand if type(operand) is float else _as_float("an operand", operand)
    return _node(data, (), (), "")


class Value:
    """One scalar of a computation graph, with the gradient of the final output in ``grad``."""

    __slots__ = ("_local_grads", "_op", "_prev", "data", "grad", "label")

    def __init__(
        self,
        data: float,
        _children: Iterable[Value] = (),
        _op: str = "",
        label: str = "",
        *,
        _local_grads: Iterable[float] = (),
    ) -> None:
        self.data = data if type(data) is float else _as_float("Value data", data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._local_grads = tuple(_local_grads)
        if len(self._prev) != len(self._local_grads):
            raise ValueError("a Value needs one local derivative (_local_grads) per child")
        self._op = _op
        self.label = label

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # Binary operations: output, then d(output)/d(self) and d(output)/d(other).
    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return _node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return _node(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = self.data * other.data
        return _node(out, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self!r} by a Value whose data is 0")
        out = self.data / other.data
        return _node(out, (self, other), (1.0 / other.data, -out / other.data), "/")

    def __radd__(self, other: Value | float) -> Value:
        return _as_value(other) + self

    def __rsub__(self, other: Value | float) -> Value:
        return _as_value(other) - self

    def __rmul__(self, other: Value | float) -> Value:
        return _as_value(other) * self

    def __rtruediv__(self, other: Value | float) -> Value:
        return _as_value(other) / self

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise TypeError(
                f"the exponent must be an int or float, got {type(exponent).__name__}; "
                "for a Value exponent b write a ** b as (b * a.log()).exp()"
            )
        out, slope = _power_and_slope(self.data, exponent)
        return _node(out, (self,), (slope,), f"**{exponent}")

    # Unary operations: output, then d(output)/d(self).
    def __neg__(self) -> Value:
        return _node(-self.data, (self,), (-1.0,), "neg")

    def relu(self) -> Value:
        out = max(self.data, 0.0)
        return _node(out, (self,), (1.0 if out > 0 else 0.0,), "relu")

    def tanh(self) -> Value:
        t = math.tanh(self.data)  # math.tanh saturates to +-1 without overflowing
        return _node(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self) -> Value:
        s = _stable_sigmoid(self.data)
        return _node(s, (self,), (s * (1.0 - s),), "sigmoid")

    def exp(self) -> Value:
        """``e ** data``; raises OverflowError for data above about 709.78."""
        e = _checked_exp(self.data)
        return _node(e, (self,), (e,), "exp")

    def log(self) -> Value:
        """Natural logarithm; raises ValueError for data <= 0."""
        return _node(_checked_log(self.data), (self,), (1.0 / self.data,), "log")

    def sin(self) -> Value:
        return _node(math.sin(self.data), (self,), (math.cos(self.data),), "sin")

    def cos(self) -> Value:
        return _node(math.cos(self.data), (self,), (-math.sin(self.data),), "cos")

    def backward(self) -> None:
        """Add d(self)/d(node) to ``grad`` of every node below, in reverse topological order.

        ``self.grad`` is set to 1.0 and each node passes ``local * grad`` to its children
        with ``+=``. Nothing is reset on the inputs (leaves): calling backward twice adds the
        gradient twice, as in micrograd and PyTorch, so call `zero_grad` between steps.
        Intermediate nodes are reset at the start of each pass and hold this pass's
        derivatives (micrograd instead feeds their old grads back in, over-counting).
        """
        order = topological_order(self)
        for node in order:
            if node._prev:
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            if node._prev:  # leaves, often half the graph, have nothing to pass on
                grad = node.grad
                # Same lengths by construction (see __init__ and _node); strict=True would
                # cost a check per node in the hottest loop of the engine.
                for child, local in zip(node._prev, node._local_grads, strict=False):
                    child.grad += local * grad

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on this node and every node below it."""
        for node in topological_order(self):
            node.grad = 0.0


def _node(
    data: float, children: tuple[Value, ...], local_grads: tuple[float, ...], op: str
) -> Value:
    """A new Value for the result of an operation, built without the constructor's checks.

    The operations above call this with a float ``data`` and one local derivative per
    child, which is all the constructor would check; skipping ``__init__`` (its argument
    handling, two ``tuple`` calls and the check) saves about 40 % of the cost of a node.
    """
    node = object.__new__(Value)
    node.data = data
    node.grad = 0.0
    node._prev = children
    node._local_grads = local_grads
    node._op = op
    node.label = ""
    return node


def topological_order(root: Value) -> list[Value]:
    """Every node below ``root`` (included) once, children before parents.

    Depth-first with an explicit stack, so a chain of a million nodes is no problem. The
    order is deterministic: children are visited in the order of ``_prev``, and ``root``
    is always last.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list[Value | None] = [root]
    # Bound methods looked up once: this loop runs once per node of the graph.
    push, pop, visit, emit = stack.append, stack.pop, visited.add, order.append
    while stack:
        node = pop()
        if node is None:  # the marker pushed above a node: its children are all done
            emit(pop())
        elif node not in visited:
            visit(node)
            push(node)
            push(None)
            for child in reversed(node._prev):
                if child not in visited:
                    push(child)
    return order
