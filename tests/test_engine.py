"""Specification of the reverse-mode engine `course_lib.engine`.

Besides hand-checked examples, random expression graphs are differentiated by `Value` and
compared with central differences of the same expression evaluated on plain floats. The
expression grammar (`programs`, `evaluate`) is shared with tests/test_dual.py.
"""

from __future__ import annotations

import math
import operator
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.engine import Value, topological_order

# ---------------------------------------------------------------------------------------
# A small grammar of random expressions, evaluated on Values, Duals or floats alike.

BINARY: dict[str, Callable] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
UNARY = ("neg", "tanh", "sigmoid", "exp", "log", "sin", "cos", "relu", "**")
# Float versions written independently of the engine (sigmoid through tanh on purpose).
FLOAT_UNARY: dict[str, Callable[[float], float]] = {
    "tanh": math.tanh,
    "sigmoid": lambda x: 0.5 * (1.0 + math.tanh(0.5 * x)),
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "relu": lambda x: max(x, 0.0),
}


@dataclass(frozen=True)
class Step:
    """One node of a random expression: ``op`` applied to earlier nodes or a plain number.

    ``a`` and ``b`` index the nodes built so far (inputs first); ``b`` is None when the
    second operand is the plain ``number``, which goes on the left if ``number_first``.
    For ``**``, ``number`` is the exponent.
    """

    op: str
    a: int
    b: int | None = None
    number: float = 0.0
    number_first: bool = False


def apply_step(step: Step, nodes: list) -> object:
    """The node ``step`` builds from ``nodes`` (Values, Duals or floats)."""
    x = nodes[step.a]
    if step.op in BINARY:
        y = step.number if step.b is None else nodes[step.b]
        return BINARY[step.op](y, x) if step.number_first else BINARY[step.op](x, y)
    if step.op == "**":
        return x**step.number
    if step.op == "neg":
        return -x
    return FLOAT_UNARY[step.op](x) if isinstance(x, float) else getattr(x, step.op)()


def evaluate(program: list[Step], inputs: list, lift: Callable = float) -> list:
    """The nodes of ``program`` run on ``lift(x)`` for each input: the inputs, one node per
    step, and last the output, the sum of the step nodes (so no step is dead code)."""
    nodes = [lift(x) for x in inputs]
    for step in program:
        nodes.append(apply_step(step, nodes))
    output = nodes[len(inputs)]
    for node in nodes[len(inputs) + 1 :]:
        output = output + node
    return [*nodes, output]


def _safe(step: Step, nodes: list[float]) -> Step:
    """``step``, or a harmless stand-in where it would leave the domain where both the
    expression and a difference quotient are well defined (margins far above h = 1e-6)."""
    x = nodes[step.a]
    second = step.number if step.b is None else nodes[step.b]
    divisor = x if (step.op == "/" and step.number_first) else second
    exponent_ok = abs(x) >= 0.25 and (x > 0 or float(step.number).is_integer())
    unsafe = (
        (step.op == "/" and abs(divisor) < 0.25)
        or (step.op == "log" and x < 0.25)
        or (step.op == "exp" and x > 4.0)
        or (step.op == "relu" and abs(x) < 0.01)  # the kink: no derivative there
        or (step.op == "**" and not exponent_ok)
    )
    return Step("tanh", step.a) if unsafe else step


@st.composite
def programs(draw) -> tuple[list[Step], list[float]]:
    """A random expression over 2-4 inputs with 1-6 operations, reusing nodes freely."""
    n_inputs = draw(st.integers(2, 4))
    magnitudes = st.floats(0.25, 2.0)
    inputs = [draw(magnitudes) * draw(st.sampled_from([-1.0, 1.0])) for _ in range(n_inputs)]
    nodes = list(inputs)
    program = []
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from([*BINARY, *UNARY]))
        a = draw(st.integers(0, len(nodes) - 1))
        b = draw(st.one_of(st.none(), st.integers(0, len(nodes) - 1)))
        numbers = [2.0, 3.0, -1.0, 0.5] if op == "**" else [-1.5, 0.5, 2.0, 3.0]
        step = Step(op, a, b, draw(st.sampled_from(numbers)), draw(st.booleans()))
        step = _safe(step, nodes)
        program.append(step)
        nodes.append(apply_step(step, nodes))
    return program, inputs


def central_difference(f: Callable[[list[float]], float], inputs: list[float], k: int):
    """``(df/dx_k, largest |node value| seen)`` by a central difference with h = 1e-6."""
    h = 1e-6
    up, down = list(inputs), list(inputs)
    up[k] += h
    down[k] -= h
    return (f(up)[-1] - f(down)[-1]) / (2 * h), max(map(abs, f(up) + f(down)))


def assert_gradient_matches(analytic: float, numeric: float, largest_value: float) -> None:
    """Relative error below 1e-6, unless the derivative drowns in the float round-off.

    Why 1e-6: a central difference with h = 1e-6 in float64 is off by its truncation error,
    O(h^2) ~ 1e-12, plus round-off, O(eps / h) ~ 1e-10 (eps = 2.2e-16), both relative to
    the size of the values. 1e-6 leaves a wide margin, yet a wrong local derivative (even
    one off by 1e-5) is caught. The round-off is absolute, though: where the true
    derivative is tiny (d/db of (a + b) - b is exactly 0, the quotient ~1e-10), the relative
    error means nothing, so an absolute error within 100 eps * max|value| / h also passes.
    """
    relative_error = abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric))
    roundoff = 100 * sys.float_info.epsilon * max(1.0, largest_value) / 1e-6
    assert relative_error < 1e-6 or abs(analytic - numeric) < roundoff, (analytic, numeric)


# ---------------------------------------------------------------------------------------
# Construction


@pytest.mark.parametrize("data", [3, 2.5, np.float32(0.5), np.int64(-4), np.float64(1e-3)])
def test_data_becomes_a_python_float_and_grad_starts_at_float_zero(data):
    v = Value(data, label="v")
    assert type(v.data) is float and v.data == float(data)
    assert type(v.grad) is float and v.grad == 0.0
    assert v._prev == () and v._op == "" and v.label == "v"


@pytest.mark.parametrize("data", ["1.0", [1.0], None, 1 + 2j, Value(1.0)])
def test_non_numbers_are_rejected_naming_the_type(data):
    with pytest.raises(TypeError, match=type(data).__name__):
        Value(data)


def test_children_are_kept_in_order_as_a_tuple():
    a, b = Value(1.0), Value(2.0)
    assert (a - b)._prev == (a, b)
    assert (b - a)._prev == (b, a)
    assert (a * a)._prev == (a, a)


def test_each_child_needs_a_local_derivative():
    with pytest.raises(ValueError, match="local derivative"):
        Value(1.0, (Value(0.5),), "f")


def test_repr_shows_data_and_grad():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"


def test_engine_imports_neither_numpy_nor_matplotlib():
    code = (
        "import sys, course_lib.engine; print(sorted({'numpy', 'matplotlib'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# ---------------------------------------------------------------------------------------
# Known results


def test_sum_times_product():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    f = (x + y) * z
    f.backward()
    assert f.data == -12.0
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)


def test_sigmoid_neuron():
    w0, w1, w2 = Value(2.0), Value(-3.0), Value(-3.0)
    x0, x1 = Value(-1.0), Value(-2.0)
    out = (w0 * x0 + w1 * x1 + w2).sigmoid()
    out.backward()
    assert round(out.data, 3) == 0.731
    assert [round(v.grad, 3) for v in (x0, x1)] == [0.393, -0.590]
    assert [round(v.grad, 3) for v in (w0, w1, w2)] == [-0.197, -0.393, 0.197]


def test_logistic_loss():
    w = [Value(1.0), Value(1.0), Value(-1.5)]
    score = w[0] * 1.0 + w[1] * 1.0 + w[2] * 1.0
    loss = -score.sigmoid().log()
    loss.backward()
    assert round(loss.data, 4) == 0.4741
    assert [round(v.grad, 4) for v in w] == [-0.3775] * 3


def _relu(v):
    return v.relu() if isinstance(v, Value) else max(v, 0.0)


def _tangled(a, b):
    """An expression in micrograd's style: reused nodes, in-place +=, both-side numbers."""
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + _relu(b + a)
    d += 3 * d + _relu(b - a)
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


def test_tangled_expression_matches_finite_differences():
    a, b = Value(-4.0), Value(2.0)
    g = _tangled(a, b)
    g.backward()
    h = 1e-6
    assert g.data == pytest.approx(_tangled(-4.0, 2.0), rel=1e-12)
    expected_a = (_tangled(-4.0 + h, 2.0) - _tangled(-4.0 - h, 2.0)) / (2 * h)
    expected_b = (_tangled(-4.0, 2.0 + h) - _tangled(-4.0, 2.0 - h)) / (2 * h)
    assert a.grad == pytest.approx(expected_a, rel=1e-6)
    assert b.grad == pytest.approx(expected_b, rel=1e-6)


def test_toy_example_of_notebook_04():
    """f(x) = 2 / sin(exp(-x)) at x = -4.499 radians."""
    x = Value(-4.499)
    b = (-x).exp()
    c = b.sin()
    f = 2 / c
    f.backward()
    assert round(b.data, 3) == 89.927
    assert round(c.data, 5) == 0.92424
    assert round(f.data, 5) == 2.16395
    assert round(x.grad, 3) == -80.393


# ---------------------------------------------------------------------------------------
# Every operation: value and local derivative


@pytest.mark.parametrize(
    ("method", "value", "slope"),
    [
        ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2),
        ("sigmoid", lambda x: 1 / (1 + math.exp(-x)), lambda x: 1 / (2 + 2 * math.cosh(x))),
        ("exp", math.exp, math.exp),
        ("log", math.log, lambda x: 1 / x),
        ("sin", math.sin, math.cos),
        ("cos", math.cos, lambda x: -math.sin(x)),
        ("relu", lambda x: max(x, 0.0), lambda x: float(x > 0)),
        ("__neg__", lambda x: -x, lambda x: -1.0),
    ],
)
def test_unary_operations(method, value, slope):
    for x in [0.3, 1.7] if method == "log" else [0.3, 1.7, -0.8]:
        v = Value(x)
        out = getattr(v, method)()
        out.backward()
        assert out.data == pytest.approx(value(x), rel=1e-12)
        assert v.grad == pytest.approx(slope(x), rel=1e-12)
        assert out._prev == (v,)


@pytest.mark.parametrize(
    ("expression", "value", "grad"),
    [
        (lambda a: a + 2, 5.0, 1.0),
        (lambda a: 2 + a, 5.0, 1.0),
        (lambda a: a - 2, 1.0, 1.0),
        (lambda a: 2 - a, -1.0, -1.0),
        (lambda a: a * 2, 6.0, 2.0),
        (lambda a: 2 * a, 6.0, 2.0),
        (lambda a: a / 2, 1.5, 0.5),
        (lambda a: 6 / a, 2.0, -6 / 9),
        (lambda a: a**2, 9.0, 6.0),
        (lambda a: a**-1, 1 / 3, -1 / 9),
        (lambda a: a**0.5, math.sqrt(3), 0.5 / math.sqrt(3)),
        (lambda a: a**0, 1.0, 0.0),
    ],
)
def test_plain_numbers_on_either_side(expression, value, grad):
    a = Value(3.0)
    out = expression(a)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert a.grad == pytest.approx(grad, rel=1e-12)


def test_both_operands_get_their_own_derivative():
    a, b = Value(3.0), Value(-2.0)
    for out, grads in [(a * b, (-2.0, 3.0)), (a / b, (-0.5, -0.75)), (a - b, (1.0, -1.0))]:
        out.zero_grad()
        out.backward()
        assert (a.grad, b.grad) == pytest.approx(grads, rel=1e-12)


# ---------------------------------------------------------------------------------------
# Random graphs against finite differences


@settings(max_examples=150, deadline=None)
@given(programs())
def test_random_expressions_match_central_differences(program_and_inputs):
    program, inputs = program_and_inputs
    values = evaluate(program, inputs, Value)
    floats = evaluate(program, inputs)
    assert values[-1].data == pytest.approx(floats[-1], rel=1e-9, abs=1e-12 * max(map(abs, floats)))
    values[-1].backward()
    for k, leaf in enumerate(values[: len(inputs)]):
        numeric, largest = central_difference(lambda xs: evaluate(program, xs), inputs, k)
        assert_gradient_matches(leaf.grad, numeric, largest)


# ---------------------------------------------------------------------------------------
# Graph structure: reuse, accumulation, depth


def test_a_node_used_twice_gets_both_contributions():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0


def test_diamond_graph():
    a = Value(2.0)
    left, right = a * 3.0, a.exp()
    out = left * right  # d/da = 3 e^a + 3 a e^a
    out.backward()
    assert a.grad == pytest.approx(3 * math.exp(2) + 6 * math.exp(2), rel=1e-12)


def test_backward_twice_doubles_the_inputs_gradients():
    a, b = Value(2.0), Value(-1.0)
    out = (a * b).tanh() + a
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == pytest.approx((2 * first[0], 2 * first[1]), rel=1e-12)
    assert out.grad == 1.0


def test_zero_grad_clears_every_node():
    a, b = Value(2.0), Value(-1.0)
    out = (a * b + a).sigmoid()
    out.backward()
    out.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(out))
    out.backward()
    assert a.grad == pytest.approx((b.data + 1) * out.data * (1 - out.data), rel=1e-12)


def test_topological_order_lists_each_node_once_children_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order == [a, b, c, d, e]
    position = {node: i for i, node in enumerate(order)}
    assert all(position[child] < position[node] for node in order for child in node._prev)
    assert topological_order(e) == order


def test_a_chain_of_a_million_operations():
    x0 = Value(0.5)
    x = x0
    for _ in range(1_000_000):
        x = x + 1
    assert len(topological_order(x)) == 2_000_001  # the constants 1 are nodes too
    x.backward()
    assert x.data == 1_000_000.5
    assert x0.grad == 1.0


# ---------------------------------------------------------------------------------------
# Stability and bad input


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("x", [1e4, -1e4, 1e308, -1e308])
def test_sigmoid_and_tanh_saturate_without_overflow(x):
    s, t = Value(x).sigmoid(), Value(x).tanh()
    assert s.data == (1.0 if x > 0 else 0.0)
    assert t.data == math.copysign(1.0, x)
    s.backward()
    t.backward()
    assert s._prev[0].grad == 0.0 and t._prev[0].grad == 0.0


def test_exp_overflow_is_an_error_not_inf():
    with pytest.raises(OverflowError, match="709"):
        Value(710.0).exp()
    assert Value(709.0).exp().data == pytest.approx(math.exp(709.0))


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive_numbers(x):
    with pytest.raises(ValueError, match="positive"):
        Value(x).log()


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError, match="0"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError):
        1 / Value(0.0)


def test_power_needs_a_plain_number_exponent_and_a_real_result():
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** "3"
    with pytest.raises(ValueError, match="negative base"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ZeroDivisionError, match="slope"):
        Value(0.0) ** 0.5


def test_operands_must_be_numbers():
    with pytest.raises(TypeError, match="str"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="list"):
        [2.0] * Value(1.0)
