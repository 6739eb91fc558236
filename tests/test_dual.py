"""Specification of forward-mode differentiation, `course_lib.dual`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from test_engine import evaluate, programs

from course_lib.dual import Dual, derivative
from course_lib.engine import Value


def test_value_and_derivative_become_floats():
    d = Dual(np.int64(3), 1)
    assert (type(d.value), type(d.derivative)) == (float, float)
    assert (d.value, d.derivative) == (3.0, 1.0)
    assert Dual(2.0).derivative == 0.0
    assert repr(Dual(2.0, 1.0)) == "Dual(value=2.0, derivative=1.0)"


@pytest.mark.parametrize("bad", ["1", None, [1.0], Value(1.0), 1j])
def test_non_numbers_are_rejected_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Dual(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        Dual(1.0, bad)


@pytest.mark.parametrize(
    ("f", "slope"),
    [
        (lambda x: x + 2, lambda x: 1.0),
        (lambda x: 2 + x, lambda x: 1.0),
        (lambda x: x - 2, lambda x: 1.0),
        (lambda x: 2 - x, lambda x: -1.0),
        (lambda x: 3 * x, lambda x: 3.0),
        (lambda x: x * x, lambda x: 2 * x),
        (lambda x: x / 4, lambda x: 0.25),
        (lambda x: 1 / x, lambda x: -1 / x**2),
        (lambda x: x / (x + 1), lambda x: 1 / (x + 1) ** 2),
        (lambda x: x**3, lambda x: 3 * x**2),
        (lambda x: x**0.5, lambda x: 0.5 / math.sqrt(x)),
        (lambda x: 2**x, lambda x: 2**x * math.log(2)),
        (lambda x: x**x, lambda x: x**x * (math.log(x) + 1)),
        (lambda x: -x, lambda x: -1.0),
        (lambda x: x.exp(), math.exp),
        (lambda x: x.log(), lambda x: 1 / x),
        (lambda x: x.sin(), math.cos),
        (lambda x: x.cos(), lambda x: -math.sin(x)),
        (lambda x: x.tanh(), lambda x: 1 / math.cosh(x) ** 2),
        (lambda x: x.sigmoid(), lambda x: 1 / (2 + 2 * math.cosh(x))),
        (lambda x: x.relu(), lambda x: 1.0),
        (lambda x: (-x).relu(), lambda x: 0.0),
    ],
)
@pytest.mark.parametrize("x", [0.4, 1.3, 2.5])
def test_each_operation_carries_its_derivative(f, slope, x):
    assert derivative(f, x) == pytest.approx(slope(x), rel=1e-12)


def test_toy_example_of_notebook_04():
    """f(x) = 2 / sin(exp(-x)) at x = -4.499 radians, in one forward pass."""
    f = 2 / (-Dual(-4.499, 1.0)).exp().sin()
    assert round(f.value, 5) == 2.16395
    assert round(f.derivative, 3) == -80.393
    assert derivative(lambda x: 2 / (-x).exp().sin(), -4.499) == pytest.approx(-80.393, abs=5e-4)


def test_the_derivative_of_a_constant_function_is_zero():
    assert derivative(lambda x: 7.0, 3.0) == 0.0
    assert derivative(lambda x: x * 0 + 1, 3.0) == 0.0


def test_derivative_needs_a_number_and_a_numeric_function():
    with pytest.raises(TypeError, match="str"):
        derivative(lambda x: x, "3")
    with pytest.raises(TypeError, match="f must return"):
        derivative(lambda x: "x", 3.0)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("x", [1e4, -1e4, 1e308, -1e308])
def test_sigmoid_and_tanh_saturate_without_overflow(x):
    s, t = Dual(x, 1.0).sigmoid(), Dual(x, 1.0).tanh()
    assert (s.value, s.derivative) == (1.0 if x > 0 else 0.0, 0.0)
    assert (t.value, t.derivative) == (math.copysign(1.0, x), 0.0)


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="positive"):
        Dual(0.0, 1.0).log()
    with pytest.raises(ZeroDivisionError, match="0"):
        Dual(1.0) / Dual(0.0, 1.0)
    with pytest.raises(OverflowError, match="709"):
        Dual(800.0).exp()
    with pytest.raises(ValueError, match="negative base"):
        Dual(-2.0) ** 0.5
    with pytest.raises(ValueError, match="positive"):
        (-2.0) ** Dual(1.0, 1.0)


@settings(max_examples=100, deadline=None)
@given(programs())
def test_forward_mode_agrees_with_reverse_mode(program_and_inputs):
    """Seeding input k with derivative 1 gives, at the output, Value's grad of input k."""
    program, inputs = program_and_inputs
    values = evaluate(program, inputs, Value)
    values[-1].backward()
    scale = max(1.0, *(abs(v.data) for v in values))
    for k in range(len(inputs)):
        seeded = [Dual(x, 1.0 if i == k else 0.0) for i, x in enumerate(inputs)]
        duals = evaluate(program, seeded, lambda d: d)
        assert duals[-1].value == values[-1].data  # the same float operations, in order
        # Both modes sum the same chain-rule products, in different orders: they agree up
        # to float round-off, relative to the gradient or to the size of the values.
        assert duals[-1].derivative == pytest.approx(values[k].grad, rel=1e-9, abs=1e-12 * scale)
