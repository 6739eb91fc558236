"""Gradient checking: compare a hand-derived gradient with central finite differences.

`numerical_gradient` is the two-point central difference ``(f(x+h) - f(x-h)) / 2h`` that the
course teaches, with error O(h^2) from truncation and O(eps/h) from rounding, best near
h = 1e-5. The checker itself uses the four-point central difference
``(8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h``, whose truncation error is O(h^4): it
can take h = 1e-3, and its rounding error is then about 100 times smaller. That matters for
the tolerance 1e-7: with h = 1e-5, rounding alone (about 1e-16 |f| / h) exceeds 1e-7 of any
gradient entry smaller than about 1e-4, which a correct gradient has by chance often enough
to make random tests flaky.

The relative error of one entry is ``|a - n| / max(1e-8, |a| + |n|)`` (a analytic, n
numerical); a check reports the largest one. How to read it, computed in float64:

- below 1e-7 (`GOOD_ERROR`, the default tolerance): the gradient is right;
- between 1e-7 and 1e-2: suspicious rather than plainly wrong (a small missing term,
  float32 somewhere, a kink right next to the point, or a gradient entry so close to 0
  that rounding in f dominates);
- above 1e-2 (`WRONG_ERROR`): the gradient is wrong.

A failing check comes with a diagnosis from `course_lib.gradient_diagnosis`, naming the usual
shapes of a wrong gradient: wrong shape, all zeros, opposite sign, a constant factor, a
transpose, some rows wrong.

Kinks. Where f has a corner (ReLU or abs at 0, max of tied values) the central difference
averages the slopes on both sides and disagrees with any valid analytic gradient. Such an
entry shows in its second differences at steps h, 2h and 3h, which curvature makes grow as
1 : 4 : 9 and a corner does not (see `_kink_explains`). When a failing entry looks like
that, and the corner is large enough to explain its error, every entry of x is moved by
3h to 30h in a random direction and the check runs again: at least 3h takes an entry
sitting on a corner out of the stencil [x - 2h, x + 2h]; at most 30h keeps the point
essentially the caller's. A further move, if the next point has a kink too, goes twice as
far, from the caller's point. A wrong gradient stays wrong after the moves and is still
reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib._validation import as_float_array, check_positive_int, check_rng
from course_lib.gradient_diagnosis import Comparison, describe_wrong_shape, diagnose, entry_errors

Array = np.ndarray
Index = tuple[int, ...]
Function = Callable[[Array], float]

#: Below this relative error a gradient is right.
GOOD_ERROR = 1e-7
#: Above this relative error a gradient is wrong.
WRONG_ERROR = 1e-2
#: A move away from a kink shifts every entry by this many steps h (smallest, largest).
_ESCAPE_STEPS = (3.0, 30.0)


@dataclass(frozen=True)
class GradientReport:
    """The outcome of one gradient check.

    Attributes:
        passed: whether ``max_rel_error < tol``.
        max_rel_error: the largest relative error over the checked entries (inf: wrong shape).
        worst_index: the index into x of that entry (``()`` when nothing was compared).
        analytic, numerical: the two gradients at ``worst_index`` (nan when not compared).
        diagnosis: one sentence naming the likely mistake; empty when passed.
        checked: how many entries of x were compared.
        moved: how many times the point was moved away from a kink.
        tol: the tolerance of the check.
    """

    passed: bool
    max_rel_error: float
    worst_index: Index
    analytic: float
    numerical: float
    diagnosis: str
    checked: int
    moved: int
    tol: float

    def __str__(self) -> str:
        lines = [
            f"Gradient check {'passed' if self.passed else 'FAILED'}: max relative error "
            f"{self.max_rel_error:.2e} (tolerance {self.tol:.0e}) over {self.checked} entries"
        ]
        if self.checked:
            lines.append(
                f"  worst entry {list(self.worst_index)}: analytic {self.analytic:.6g}, "
                f"numerical {self.numerical:.6g}"
            )
        if self.diagnosis:
            lines.append(f"  diagnosis: {self.diagnosis}")
        if self.moved:
            lines.append(f"  (the point was moved {self.moved} time(s) away from a kink)")
        return "\n".join(lines)


def numerical_gradient(f: Function, x: Array, h: float = 1e-5) -> Array:
    """Central differences ``(f(x + h e_i) - f(x - h e_i)) / 2h`` for every entry i.

    Args:
        f: takes an array shaped like x and returns a scalar.
        x: float64 array of any shape; perturbed in place one entry at a time and always
            restored, also when f raises.
        h: the step, positive.

    Returns:
        Array of x's shape.
    """
    _require_float64("x", x)
    step = _positive("h", h)
    plus, minus = _values_beside(f, x, list(np.ndindex(x.shape)), step)
    with np.errstate(all="ignore"):
        return ((plus - minus) / (2 * step)).reshape(x.shape)


def rel_error(analytic: object, numerical: object) -> float:
    """Largest ``|a - n| / max(1e-8, |a| + |n|)`` over two arrays of the same shape."""
    a = as_float_array("analytic", analytic, allow_nan=True)
    n = as_float_array("numerical", numerical, allow_nan=True)
    if a.shape != n.shape:
        raise ValueError(f"analytic has shape {a.shape} but numerical has shape {n.shape}")
    errors = entry_errors(a, n)
    return float(np.max(errors)) if errors.size else 0.0


def check_gradient(
    f: Function,
    grad_f: Callable[[Array], Array],
    x: Array,
    *,
    h: float = 1e-3,
    tol: float = GOOD_ERROR,
    num_checks: int | None = None,
    rng: np.random.Generator | int | None = None,
    kink_retries: int = 4,
    batch_size: int | None = None,
) -> GradientReport:
    """Compare ``grad_f(x)`` with the numerical gradient of f at x, and diagnose a failure.

    Args:
        f: takes an array shaped like x and returns a scalar.
        grad_f: takes an array shaped like x and returns the analytic gradient, x's shape.
        x: non-empty float64 array of any shape; changed in place, restored before returning.
        h: the step of the four-point central difference (see the module docstring).
        tol: the largest relative error that passes.
        num_checks: check only this many entries, drawn at random (for a large x); all if None.
        rng: Generator or int seed for that draw and for kink moves; None means seed 0.
        kink_retries: how many times the point may be moved away from a kink.
        batch_size: the number of samples f averages or sums over, if it has one: the
            diagnosis then names a gradient N or 1/N times too large as such.

    Returns:
        A `GradientReport`; its ``worst_index`` indexes x.
    """
    _require_float64("x", x)
    if x.size == 0:
        raise ValueError("x is empty: there is no gradient entry to check")
    step, tol = _positive("h", h), _positive("tol", tol)
    if isinstance(kink_retries, bool) or not isinstance(kink_retries, int) or kink_retries < 0:
        raise ValueError(f"kink_retries must be an integer >= 0, got {kink_retries!r}")
    if batch_size is not None:
        check_positive_int("batch_size", batch_size)
    generator = np.random.default_rng(0) if rng is None else check_rng("rng", rng)
    indices = _pick_indices(x.shape, num_checks, generator)
    start = x.copy()
    moved = 0
    try:
        while True:
            analytic = _analytic_gradient(grad_f, x)
            if analytic.shape != x.shape:
                return _wrong_shape_report(analytic.shape, x.shape, tol, moved)
            result = _compare(f, analytic, x, indices, step, tol)
            if moved >= kink_retries or not _kink_explains(f, x, result, step):
                break
            # Each move goes twice as far as the last: a kink that depends on many entries
            # at once (a ReLU fed by a whole layer) may need more than one push to leave.
            low, high = (2.0**moved * bound * step for bound in _ESCAPE_STEPS)
            signs = generator.choice([-1.0, 1.0], size=x.shape)
            x[...] = start + signs * generator.uniform(low, high, size=x.shape)
            moved += 1
    finally:
        x[...] = start
    worst = int(np.argmax(result.errors))  # a NaN error counts as the worst
    passed = not result.failing.any()
    diagnosis = "" if passed else diagnose(result, wrong_error=WRONG_ERROR, batch_size=batch_size)
    return GradientReport(
        passed=passed,
        max_rel_error=float(result.errors[worst]),
        worst_index=indices[worst],
        analytic=float(result.picked[worst]),
        numerical=float(result.numerical[worst]),
        diagnosis=diagnosis,
        checked=len(indices),
        moved=moved,
        tol=tol,
    )


def check_module(
    module: object,
    X: object,
    *,
    rng: np.random.Generator | int,
    tol: float = GOOD_ERROR,
    num_checks: int | None = None,
    input_grad: bool = True,
) -> dict[str, GradientReport]:
    """Check a module's ``backward`` against finite differences of its ``forward``.

    The module follows the layer protocol: ``forward(X) -> out``, ``backward(dout) -> dX``
    (or None when built without the input gradient), ``params`` and, after backward,
    ``grads``: dicts of float64 arrays with the same keys and shapes; forward is
    deterministic. The scalar checked is ``f = sum(out * dout)``, summed exactly (math.fsum)
    so that only the entries that changed bring rounding, for a random ``dout`` whose entries
    have a random sign and a size in [0.5, 1.5]: away from 0, so that no gradient entry is
    made tiny by chance, where rounding would dominate the relative error.

    Args:
        module: the module; its parameters are perturbed in place and restored.
        X: input batch of a shape the module accepts, e.g. (N, D_in); copied to float64.
        rng: Generator or int seed for ``dout``, samples and kink moves.
        tol: the largest relative error that passes.
        num_checks: check only this many random entries of each array; all if None.
        input_grad: whether to check the gradient with respect to X.

    Returns:
        ``{"X": report, <parameter name>: report, ...}`` ("X" only when input_grad).
    """
    generator = check_rng("rng", rng)
    inputs = as_float_array("X", X, dtype=np.float64).copy()
    for name, value in module.params.items():
        _require_float64(f"module.params[{name!r}]", value)
    if input_grad and "X" in module.params:
        raise ValueError("a parameter named 'X' would hide the input gradient in the report")
    shape = as_float_array("module.forward(X)", module.forward(inputs), allow_nan=True).shape
    dout = generator.choice([-1.0, 1.0], size=shape) * generator.uniform(0.5, 1.5, size=shape)

    def weighted_output(_: Array) -> float:
        return math.fsum((module.forward(inputs) * dout).ravel().tolist())

    def run_backward() -> Array | None:
        module.forward(inputs)
        return module.backward(dout.copy())

    def input_gradient(_: Array) -> Array:
        dX = run_backward()
        if dX is None:
            raise TypeError(
                "module.backward returned None, but input_grad=True asks for the gradient "
                "with respect to X; pass input_grad=False for a module built without it"
            )
        return dX

    def param_gradient(name: str) -> Callable[[Array], Array]:
        def gradient(_: Array) -> Array:
            run_backward()
            if name not in module.grads:
                raise ValueError(f"module.grads has no {name!r} after backward: one per parameter")
            return module.grads[name]

        return gradient

    settings = {"tol": tol, "num_checks": num_checks, "rng": generator}
    if inputs.ndim >= 1 and len(inputs) >= 1:
        settings["batch_size"] = len(inputs)
    reports = {}
    if input_grad:
        reports["X"] = check_gradient(weighted_output, input_gradient, inputs, **settings)
    for name, value in module.params.items():
        reports[name] = check_gradient(weighted_output, param_gradient(name), value, **settings)
    return reports


def _require_float64(name: str, x: object) -> None:
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"{name} must be a float64 numpy array (it is changed in place), got "
            f"{type(x).__name__}; convert it with np.array({name}, dtype=np.float64)"
        )
    if x.dtype != np.float64:
        raise TypeError(
            f"{name} must have dtype float64, got {x.dtype}: float32 is too coarse for a "
            "gradient check (about 7 significant digits, most of them lost in f(x+h) - f(x-h)); "
            f"convert it with {name} = {name}.astype(np.float64)"
        )
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but a gradient check changes it in place")


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def _pick_indices(shape: Index, num_checks: int | None, rng: np.random.Generator) -> list[Index]:
    size = math.prod(shape)
    if num_checks is None or check_positive_int("num_checks", num_checks) >= size:
        return list(np.ndindex(shape))
    chosen = np.sort(rng.choice(size, size=num_checks, replace=False))
    return [tuple(int(i) for i in np.unravel_index(k, shape)) for k in chosen]


def _scalar(f: Function, x: Array) -> float:
    value = np.asarray(f(x))
    if value.size != 1 or value.dtype.kind not in "biuf":
        raise TypeError(f"f must return one real number, got {value.dtype} of shape {value.shape}")
    return float(value.reshape(()))


def _values_beside(f: Function, x: Array, indices: list[Index], step: float) -> tuple[Array, Array]:
    """f at x moved by +step and by -step along each listed entry; x is always restored."""
    plus, minus = np.empty(len(indices)), np.empty(len(indices))
    for k, index in enumerate(indices):
        original = x[index]
        try:
            x[index] = original + step
            plus[k] = _scalar(f, x)
            x[index] = original - step
            minus[k] = _scalar(f, x)
        finally:
            x[index] = original
    return plus, minus


def _analytic_gradient(grad_f: Callable[[Array], Array], x: Array) -> Array:
    gradient = grad_f(x)
    if gradient is None:
        raise TypeError("grad_f returned None instead of the gradient (a missing return?)")
    return as_float_array("grad_f(x)", gradient, allow_nan=True, dtype=np.float64).copy()


def _compare(
    f: Function, analytic: Array, x: Array, indices: list[Index], step: float, tol: float
) -> Comparison:
    plus, minus = _values_beside(f, x, indices, step)
    plus2, minus2 = _values_beside(f, x, indices, 2 * step)
    with np.errstate(all="ignore"):
        numerical = (8 * (plus - minus) - (plus2 - minus2)) / (12 * step)
    picked = np.array([analytic[index] for index in indices])
    errors = entry_errors(picked, numerical)
    return Comparison(
        analytic, indices, picked, plus, minus, plus2, minus2, numerical, errors, ~(errors < tol)
    )


def _kink_explains(f: Function, x: Array, result: Comparison, step: float) -> bool:
    """Whether a failing entry has a kink near it that would explain its failure.

    Where f is smooth, the second difference ``f(x+s) - 2 f(x) + f(x-s)`` is about
    ``f''(x) s^2``, so at steps h, 2h and 3h the three stand in the ratios 1 : 4 : 9. A
    corner at distance d from x gives ``J (s - d)`` for s > d instead, and no d makes both
    ratios come out near 4 and 9 (two steps alone would be fooled by d = 2h/3); a corner
    beyond h leaves the first difference near zero and the ratios far larger. The corner must
    also be large enough to explain the entry's error.
    """
    if not result.failing.any():
        return False
    centre = _scalar(f, x)
    around = np.abs(result.plus2) + abs(centre) + np.abs(result.minus2)
    with np.errstate(all="ignore"):
        inner = np.abs(result.plus - 2 * centre + result.minus)
        outer = np.abs(result.plus2 - 2 * centre + result.minus2)
        noise = 1e3 * np.finfo(float).eps * around
        explained = np.abs(result.picked - result.numerical) * step <= np.maximum(inner, outer)
    for k in np.flatnonzero(result.failing & (np.maximum(inner, outer) > noise) & explained):
        plus3, minus3 = _values_beside(f, x, [result.indices[k]], 3 * step)
        widest = abs(plus3[0] - 2 * centre + minus3[0])
        with np.errstate(all="ignore"):
            smooth = abs(outer[k] / inner[k] - 4.0) <= 0.4 and abs(widest / inner[k] - 9.0) <= 0.9
        if not smooth:
            return True
    return False


def _wrong_shape_report(got: Index, wanted: Index, tol: float, moved: int) -> GradientReport:
    nan = float("nan")
    diagnosis = describe_wrong_shape(got, wanted)
    return GradientReport(False, float("inf"), (), nan, nan, diagnosis, 0, moved, tol)
