"""The repository's units, for the tests that run over every one of them."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from types import ModuleType

import nbformat

from course_lib.grading.course import SOURCE_DIR, units
from course_lib.grading.notebook import read_notebook

ROOT = Path(__file__).resolve().parents[1]
UNITS = units(ROOT)


@functools.cache
def source_notebook(unit: str) -> nbformat.NotebookNode:
    """The unit's source notebook (solutions and hidden tests), read once."""
    return read_notebook(ROOT / SOURCE_DIR / unit / f"{unit}.ipynb")


def unit_variants(unit: str) -> ModuleType:
    """The module of tests/variants/ for the unit: ``VARIANTS`` and ``BORROWED``."""
    return importlib.import_module(f"variants.{unit}")
