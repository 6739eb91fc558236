"""Test-suite settings shared by every module."""

from __future__ import annotations

import os

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

# Hypothesis draws the same examples on every run (derandomize): CI stays reproducible, and a
# failure seen once is seen again. `HYPOTHESIS_PROFILE=explore` draws fresh examples instead.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
