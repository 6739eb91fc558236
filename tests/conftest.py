"""Test-suite settings shared by every module."""

from __future__ import annotations

import os
import sys

from course_lib.reproducible import with_pinned_blas

# OpenBLAS's kernels pinned before numpy first loads, here and in every kernel and worker this
# process starts, so that notebooks print the digits stored in them (`course_lib.reproducible`).
if "numpy" in sys.modules and with_pinned_blas(os.environ) != dict(os.environ):
    raise RuntimeError(
        "numpy was imported before tests/conftest.py could pin OpenBLAS's kernels: "
        "set OPENBLAS_CORETYPE=Haswell in the environment"
    )
os.environ.update(with_pinned_blas(os.environ))

import shutil
import tempfile
from pathlib import Path

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


#: Run by every IPython kernel the tests start, nbval's among them (`course_lib.figure_audit`).
AUDIT_STARTUP = "from course_lib.figure_audit import install\n\ninstall()\n"


def pytest_configure(config: pytest.Config) -> None:
    """Every kernel started from here audits the figures it shows: nbval then fails a cell
    whose figure tells lines apart by colour alone or covers data with its legend."""
    folder = Path(tempfile.mkdtemp(prefix="course-ipython-"))
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-figure-audit.py").write_text(AUDIT_STARTUP)
    os.environ["IPYTHONDIR"] = str(folder)
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(scope="session")
def student_processes():
    """One sandbox for the whole session: each exercise graded in it gets a fresh child."""
    with StudentProcesses() as processes:
        yield processes


#: Modules that grade whole classes or run every notebook, each minutes long though it has few
#: tests: `make test` starts them first, so that no core is left alone with one at the end.
LONG_MODULES = (
    "test_round_trip.py",
    "test_pipeline_demo.py",
    "test_celery_grading.py",
    "test_attacks.py",
    "test_pipeline_grading.py",
    "test_notebooks_in_lab.py",
    "test_pipeline_kill.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the modules for pytest-xdist (``--no-loadscope-reorder`` keeps this order): the
    long ones first, then the others by their number of tests, most first. The tests of a
    module (a notebook's cells among them) keep their order."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.path.name] = counts.get(item.path.name, 0) + 1

    def rank(item: pytest.Item) -> tuple[int, int, str]:
        name = item.path.name
        if name in LONG_MODULES:
            return (0, LONG_MODULES.index(name), "")
        return (1, -counts[name], str(item.path))

    items.sort(key=rank)
