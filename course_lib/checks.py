"""Grading helpers called by the notebooks' test cells (nbgrader).

Each helper is silent when the answer is right and otherwise raises AssertionError with a
message for the student: what was expected and what was given, values only, never the
solution's code. Nothing is printed and no warning is emitted: nbgrader scores a cell that
writes to stderr as zero.

An answer is never trusted to compare itself: an object whose ``==`` always says True, or
that claims any ``shape``, would pass a naive test. So every helper checks the exact type
first (``type(value) is np.ndarray``: subclasses such as np.matrix fail too), then the
shape, the dtype and finiteness, and only then compares values with its own arithmetic on
a float64 copy.

dtype kinds name what an array may hold: ``"f"`` floating point (float16, float32, float64),
``"i"`` signed and ``"u"`` unsigned integers, ``"b"`` booleans; ``"fi"`` accepts floats or
signed integers. Float answers must be floats by default (``"f"``): an int array where floats
are expected usually means a lost division.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from course_lib._validation import as_float_array, check_rng, check_shape
from course_lib.gradcheck import check_gradient, check_module

Array = np.ndarray
Shape = Sequence[int | None]

_KIND_NAMES = {
    "f": "floating-point numbers",
    "i": "integers",
    "u": "unsigned integers",
    "b": "booleans",
}
#: The exact numpy scalar types accepted as a real number (no bool, no subclass).
_NUMPY_REALS = frozenset(
    np.dtype(code).type for code in np.typecodes["AllInteger"] + np.typecodes["Float"]
)


def check_array(
    name: str, value: object, *, shape: Shape | None = None, dtype_kind: str = "f"
) -> Array:
    """Check that ``value`` is a genuine numpy array of the right shape, kind and finite.

    Args:
        name: what the student calls the value, used in the message.
        value: the student's answer.
        shape: the expected shape, None entries matching any size; None accepts any shape.
        dtype_kind: the allowed dtype kinds, e.g. "f" or "fi" (see the module docstring).

    Returns:
        A float64 copy of ``value``, same shape.
    """
    array = _genuine_array(name, value, shape, dtype_kind)
    with np.errstate(all="ignore"):  # a longdouble beyond float64's range becomes inf
        copy = array.astype(np.float64)
    finite = np.isfinite(copy)
    if not finite.all():
        where = _index(np.argmin(finite), copy.shape)
        raise AssertionError(
            f"{name} should contain only finite numbers, but {np.count_nonzero(~finite)} "
            f"entries are NaN or infinite (the first at index {where}: {copy[where]})"
        )
    return copy


def check_close(
    name: str,
    value: object,
    expected: object,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    dtype_kind: str = "f",
) -> None:
    """Check that ``value`` is an array of expected's shape within ``atol + rtol*|expected|``.

    Args:
        name: what the student calls the value.
        value: the student's answer, an array of expected's shape.
        expected: the right values, an array-like (a 0-d value expects a 0-d array: use
            `check_scalar` for plain numbers).
        rtol, atol: relative and absolute tolerance per entry.
        dtype_kind: the allowed dtype kinds of ``value``.
    """
    reference = as_float_array("expected", expected, dtype=np.float64)
    got = check_array(name, value, shape=reference.shape, dtype_kind=dtype_kind)
    with np.errstate(all="ignore"):
        allowed = atol + rtol * np.abs(reference)
        excess = np.abs(got - reference) / allowed
    wrong = excess > 1
    if wrong.any():
        worst = _index(np.argmax(np.where(wrong, excess, -1.0)), got.shape)
        raise AssertionError(
            f"{name} has wrong values at {np.count_nonzero(wrong)} of {got.size} entries; the "
            f"worst is at index {worst}: got {got[worst]:.10g}, expected {reference[worst]:.10g} "
            f"(allowed difference {allowed[worst]:.2g})"
        )


def check_scalar(
    name: str,
    value: object,
    expected: float | None = None,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> float:
    """Check that ``value`` is one finite real number, close to ``expected`` when given.

    Accepted: int, float, a numpy integer or floating scalar, or a 0-d array of such a dtype.
    Refused: bool, subclasses of those types, arrays with a dimension, anything else.

    Returns:
        The value as a float.
    """
    if type(value) is np.ndarray:
        if value.ndim != 0:
            hint = " (take its only entry with .item())" if value.size == 1 else ""
            raise AssertionError(
                f"{name} should be a single number, but it is an array of shape {value.shape}{hint}"
            )
        if value.dtype.kind not in "iuf":
            raise AssertionError(f"{name} should be a real number, but its dtype is {value.dtype}")
    elif type(value) not in (int, float) and type(value) not in _NUMPY_REALS:
        raise AssertionError(f"{name} should be a real number, but it is {_describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise AssertionError(f"{name} is an integer too large to be a float: {value}") from None
    if not math.isfinite(number):
        raise AssertionError(f"{name} should be a finite number, but it is {number}")
    if expected is not None:
        target = float(expected)
        if not abs(number - target) <= atol + rtol * abs(target):
            raise AssertionError(
                f"{name} is {number:.10g}, but the expected value is {target:.10g}"
            )
    return number


def check_equal(name: str, value: object, expected: object) -> None:
    """Check that ``value`` equals ``expected`` exactly, for integer or boolean arrays.

    Args:
        name: what the student calls the value.
        value: the student's answer: an integer array when expected holds integers (e.g.
            predicted labels), a bool array when expected holds booleans.
        expected: the right values, an array-like of integers or booleans.
    """
    reference = np.asarray(expected)
    if reference.dtype.kind not in "biu":
        raise ValueError(f"expected must hold integers or booleans, got dtype {reference.dtype}")
    got = _genuine_array(name, value, reference.shape, "b" if reference.dtype.kind == "b" else "iu")
    mismatched = got != reference
    if mismatched.any():
        first = _index(np.argmax(mismatched), got.shape)
        raise AssertionError(
            f"{name} differs from the expected values at {np.count_nonzero(mismatched)} of "
            f"{got.size} entries; the first is at index {first}: got {got[first]}, "
            f"expected {reference[first]}"
        )


def check_gradient_function(
    name: str,
    f: Callable[[Array], float],
    grad_f: Callable[[Array], Array],
    x_shapes: Sequence[tuple[int, ...]],
    *,
    rng: np.random.Generator | int,
    tol: float = 1e-6,
    num_checks: int | None = None,
    batch_size: int | None = None,
) -> None:
    """Grade ``grad_f`` against finite differences of ``f`` at a random x of each shape.

    Args:
        name: what the student calls the gradient function.
        f: takes x and returns a real number.
        grad_f: takes x and returns the gradient of f, a float array of x's shape.
        x_shapes: the shapes of x to try, e.g. [(1, 3), (5, 3)].
        rng: Generator or int seed for the points and the sampled entries.
        tol: the largest relative error that passes.
        num_checks: check only this many random entries per point; all if None.
        batch_size: the number of samples f averages or sums over, if any: a gradient N or
            1/N times too large is then named as such.
    """
    generator = check_rng("rng", rng)

    def value(x: Array) -> float:
        return check_scalar(f"the function value for {name}", f(x))

    def gradient(x: Array) -> Array:
        return check_array(f"the value returned by {name}", grad_f(x))

    for shape in x_shapes:
        x = generator.standard_normal(tuple(shape))
        report = check_gradient(
            value, gradient, x, tol=tol, num_checks=num_checks, rng=generator, batch_size=batch_size
        )
        if not report.passed:
            raise AssertionError(f"{name} is wrong at a random point of shape {x.shape}:\n{report}")


def check_module_gradients(
    name: str,
    module_factory: Callable[[], object],
    input_shapes: Sequence[tuple[int, ...]],
    *,
    rng: np.random.Generator | int,
    tol: float = 1e-6,
    num_checks: int | None = None,
) -> None:
    """Grade a module's backward pass: every gradient, for a random input of each shape.

    Args:
        name: what the student calls the module, e.g. "Linear".
        module_factory: builds a fresh module (layer protocol, see `check_module`).
        input_shapes: the shapes of X to try, e.g. [(1, 4), (6, 4)].
        rng: Generator or int seed for the inputs, the upstream gradients and the samples.
        tol: the largest relative error that passes.
        num_checks: check only this many random entries per array; all if None.
    """
    generator = check_rng("rng", rng)
    for shape in input_shapes:
        X = generator.standard_normal(tuple(shape))
        module = _GradedModule(name, module_factory())
        reports = check_module(module, X, rng=generator, tol=tol, num_checks=num_checks)
        failures = [
            f"gradient with respect to {key}: {report}"
            for key, report in reports.items()
            if not report.passed
        ]
        if failures:
            raise AssertionError(
                f"{name} computes wrong gradients for an input of shape {X.shape}:\n"
                + "\n".join(failures)
            )


class _GradedModule:
    """A student's module seen through type checks: every array it hands back is checked."""

    def __init__(self, name: str, module: object) -> None:
        self._name, self._module = name, module
        params = getattr(module, "params", None)
        if type(params) is not dict:
            raise AssertionError(f"{name}.params should be a dict, but it is {_describe(params)}")
        for key, value in params.items():
            check_array(f"{name}.params[{key!r}]", value)
        self.params = params

    def forward(self, X: Array) -> Array:
        return check_array(f"{self._name}.forward(X)", self._module.forward(X))

    def backward(self, dout: Array) -> Array:
        return check_array(f"{self._name}.backward(dout)", self._module.backward(dout))

    @property
    def grads(self) -> dict[str, Array]:
        grads = getattr(self._module, "grads", None)
        if type(grads) is not dict:
            raise AssertionError(
                f"{self._name}.grads should be a dict, but it is {_describe(grads)}"
            )
        return {key: check_array(f"{self._name}.grads[{key!r}]", g) for key, g in grads.items()}


def _genuine_array(name: str, value: object, shape: Shape | None, kinds: str) -> Array:
    """``value`` itself once its exact type, shape and dtype kind are checked."""
    if not kinds or not set(kinds) <= set(_KIND_NAMES):
        raise ValueError(f"dtype_kind must be made of the letters 'fiub', got {kinds!r}")
    if type(value) is not np.ndarray:
        raise AssertionError(f"{name} should be a numpy array, but it is {_describe(value)}")
    if shape is not None:
        try:
            check_shape(name, value, tuple(shape))
        except ValueError as error:
            raise AssertionError(str(error)) from None
    if value.dtype.kind not in kinds:
        allowed = " or ".join(_KIND_NAMES[kind] for kind in kinds)
        raise AssertionError(f"{name} should hold {allowed}, but its dtype is {value.dtype}")
    return value


def _describe(value: object) -> str:
    """How to name a wrong answer's type to a student."""
    kind = type(value)
    if value is None:
        return "None (is a return statement missing?)"
    if issubclass(kind, np.ndarray):
        full_name = f"{kind.__module__}.{kind.__name__}"
        return f"a {full_name}, not a plain numpy array: convert it with np.asarray"
    if kind in (list, tuple):
        return f"a {kind.__name__}: convert it with np.array"
    return f"a {kind.__name__}"


def _index(flat: np.intp, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(flat), shape))
