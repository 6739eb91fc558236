"""Naming what is wrong with a gradient that failed its check.

A wrong hand-derived gradient rarely differs from the true one at random: the usual
mistakes leave a recognisable trace in the comparison of the two. `diagnose` looks for these
traces, from the most to the least specific, and returns one sentence about the first it
finds:

- NaN or inf in the analytic gradient (an overflow, a division by 0), or in f itself next
  to x (then the forward computation is at fault, not the gradient);
- an analytic gradient of all zeros where the numerical one is not (never stored);
- the opposite sign everywhere (a minus sign missing or extra);
- one constant factor everywhere (a forgotten or extra 1/N or 2), with the integer or
  1/integer it is close to, if any; a factor of exactly the batch size N or 1/N is named a
  missing or extra 1/N even when only one entry is checked (a bias of one output), and any
  other single entry gets its ratio, analytic over numerical, without a guess;
- the transpose of a square matrix (a matrix product taken in the wrong order);
- some whole rows wrong while every other checked row is right (a bias handled apart from
  the weights, a loop over the samples that misses one);
- otherwise, how many entries differ, and whether only slightly (suspicious) or plainly.

A gradient of the wrong shape cannot be compared at all; `describe_wrong_shape` names both
shapes and recognises a transposed matrix. A trace counts as present when it holds to a
relative error of 1e-4 at every checked entry: far looser than a passing check, far
tighter than chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray
Index = tuple[int, ...]

#: How closely a recognised shape of error (sign, factor, transpose) must hold.
_PATTERN_TOL = 1e-4


@dataclass(frozen=True)
class Comparison:
    """One round of a check: the analytic gradient and, per checked entry, the evidence."""

    analytic: Array  # x's shape
    indices: list[Index]
    picked: Array  # analytic at the indices
    plus: Array  # f with the entry moved by +h
    minus: Array  # f with the entry moved by -h
    plus2: Array  # f with the entry moved by +2h
    minus2: Array  # f with the entry moved by -2h
    numerical: Array
    errors: Array
    failing: Array


def entry_errors(a: Array, n: Array) -> Array:
    """``|a - n| / max(1e-8, |a| + |n|)`` entry by entry, for two arrays of one shape."""
    with np.errstate(all="ignore"):
        return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


def describe_wrong_shape(got: Index, wanted: Index) -> str:
    """The diagnosis of an analytic gradient of shape ``got`` for an x of shape ``wanted``."""
    diagnosis = f"the analytic gradient has shape {got} but x has shape {wanted}"
    if len(wanted) == 2 and got == wanted[::-1]:
        return diagnosis + ": it is transposed, check the order and transposes of a matrix product"
    return diagnosis + ": a gradient always has the shape of what it differentiates"


def diagnose(result: Comparison, *, wrong_error: float, batch_size: int | None = None) -> str:
    """One sentence naming the shape of the error, from the most to the least specific.

    Args:
        result: a comparison with at least one failing entry.
        wrong_error: the relative error above which a gradient is plainly wrong; a mismatch
            with no pattern whose errors all stay below it is called suspicious instead.
        batch_size: the number of samples N the checked function averages or sums over, if
            known: a factor of N or 1/N is then named as such.
    """
    analytic, picked, numerical = result.analytic, result.picked, result.numerical
    if not np.all(np.isfinite(picked)):
        return "the analytic gradient holds NaN or inf: look for an overflow or a division by 0"
    if not np.all(np.isfinite(numerical)):
        return "f itself is NaN or inf next to x: the forward computation needs fixing first"
    scale = float(np.max(np.abs(numerical)))
    if scale > 0 and np.max(np.abs(picked)) <= 1e-8 * scale:
        return "the analytic gradient is all zeros where the numerical one is not: is it stored?"
    if _agrees(-picked, numerical):
        return "the analytic gradient has the opposite sign: a minus sign is missing or extra"
    factor = _common_factor(picked, numerical, scale)
    if factor is not None:
        entries = int(np.count_nonzero(np.abs(numerical) > 1e-8 * scale))
        return _factor_sentence(factor, batch_size, entries)
    if analytic.ndim == 2 and analytic.shape[0] == analytic.shape[1]:
        swapped = np.array([analytic[index[::-1]] for index in result.indices])
        if _agrees(swapped, numerical) and not _agrees(picked, numerical):
            return "the analytic gradient is transposed: check the order of a matrix product"
    rows = _wrong_rows(result.indices, result.failing) if analytic.ndim == 2 else []
    if rows:
        others = "the other checked rows" if len(picked) < analytic.size else "the others"
        return (
            f"rows {rows} are wrong, {others} match: typical of a bias handled apart from the "
            "weights or of a batch-indexing error (a loop over the samples that misses one)"
        )
    wrong = np.flatnonzero(result.failing)
    summary = (
        f"{len(wrong)} of {len(picked)} checked entries differ "
        f"(e.g. {', '.join(str(list(result.indices[k])) for k in wrong[:3])})"
    )
    if np.max(result.errors) < wrong_error:
        return f"{summary}, but only slightly: suspicious rather than plainly wrong"
    return f"{summary} with no simple pattern: recheck the derivative (e.g. an activation's)"


def _agrees(a: Array, n: Array) -> bool:
    return bool(np.all(entry_errors(a, n) < _PATTERN_TOL))


def _common_factor(picked: Array, numerical: Array, scale: float) -> float | None:
    """The c != 1 with analytic = c * numerical at every checked entry, if there is one."""
    if scale == 0:  # nothing to divide by
        return None
    factor = float(np.dot(picked, numerical) / np.dot(numerical, numerical))
    if abs(factor - 1.0) < 1e-3 or not _agrees(picked, factor * numerical):
        return None
    return factor


def _factor_sentence(factor: float, batch_size: int | None, entries: int) -> str:
    """The sentence for analytic = factor * numerical, seen at ``entries`` non-zero entries."""
    if batch_size is not None and batch_size > 1:
        if _close(factor, batch_size):
            return (
                f"the analytic gradient is N = {batch_size} times the numerical one, N the "
                "batch size: a missing 1/N (a sum where the loss takes the mean)"
            )
        if _close(1.0 / factor, batch_size):
            return (
                f"the analytic gradient is 1/N = 1/{batch_size} times the numerical one, N "
                "the batch size: an extra 1/N (a mean where the loss takes the sum)"
            )
    if entries == 1:
        return (
            f"analytic / numerical = {factor:.4g} at the one entry that is not zero: one entry "
            "shows no pattern, but a whole number or its inverse suggests a missing or extra "
            "constant factor"
        )
    whole, inverse = round(factor), round(1.0 / factor)
    if whole != 0 and _close(factor, whole):
        named = f"about {whole}"
    elif inverse != 0 and _close(1.0 / factor, inverse):
        named = f"about 1/{inverse}"
    else:
        named = f"{factor:.3g}"
    return (
        f"the analytic gradient is {named} times the numerical one at every checked entry: "
        "a missing or extra factor such as 1/N (N the batch size) or the 2 of a square"
    )


def _close(value: float, whole: int) -> bool:
    """Whether ``value`` is within 1 % of the non-zero integer ``whole``."""
    return abs(value - whole) < 0.01 * abs(whole)


def _wrong_rows(indices: list[Index], failing: Array) -> list[int]:
    """The rows whose checked entries all fail, if every other checked row fully passes."""
    rows = np.array([index[0] for index in indices])
    wrong, right = [], []
    for row in np.unique(rows):
        in_row = failing[rows == row]
        if in_row.all():
            wrong.append(int(row))
        elif in_row.any():
            return []
        else:
            right.append(int(row))
    return wrong if right else []
