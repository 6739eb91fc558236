"""Hypothesis strategies shared by every test module: shapes, seeds and arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

#: Batch sizes, 1 included: a batch of one is where a forgotten ``axis=0`` hides.
batch_sizes = st.integers(min_value=1, max_value=6)
#: Feature counts of a small layer.
feature_counts = st.integers(min_value=1, max_value=5)
#: Seeds for ``numpy.random.default_rng``.
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@st.composite
def matrices(draw, rows=batch_sizes, cols=feature_counts, scale: float = 2.0):
    """A float64 matrix of shape (rows, cols) with entries roughly in [-scale, scale]."""
    rng = np.random.default_rng(draw(seeds))
    return scale * rng.standard_normal((draw(rows), draw(cols)))


#: Finite floats of any magnitude numpy can hold, for stability tests.
finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
#: Large-magnitude inputs where naive formulas overflow.
extreme_floats = st.one_of(
    st.floats(min_value=1e3, max_value=1e300), st.floats(min_value=-1e300, max_value=-1e3)
)
