"""The repository's units, for the tests that run over every one of them."""

from __future__ import annotations

from pathlib import Path

from course_lib.grading.course import units

ROOT = Path(__file__).resolve().parents[1]
UNITS = units(ROOT)
