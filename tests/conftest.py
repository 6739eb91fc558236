"""Test-suite settings shared by every module."""

from __future__ import annotations

import os

import matplotlib
import pytest
from hypothesis import settings

from course_lib.grading.sandbox.student_processes import StudentProcesses

matplotlib.use("Agg")

# Hypothesis draws the same examples on every run (derandomize): CI stays reproducible, and a
# failure seen once is seen again. `HYPOTHESIS_PROFILE=explore` draws fresh examples instead.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def student_processes():
    """One sandbox for the whole session: each exercise graded in it gets a fresh child."""
    with StudentProcesses() as processes:
        yield processes
