"""The committed student release is exactly what the release command generates now, and
holds no solution, hidden test or output."""

from __future__ import annotations

from course_units import ROOT, UNITS

from course_lib.grading.course import RELEASE_DIR
from course_lib.grading.release import FORBIDDEN_IN_RELEASE, refuse_leaks, release


def test_committed_release_is_current():
    stale = {result.unit: result.changed for result in release(ROOT, check=True) if result.stale}
    assert not stale, f"run `make release` and commit notebooks/: {stale}"


def test_committed_release_has_no_solutions_or_hidden_tests():
    for unit in UNITS:
        folder = ROOT / RELEASE_DIR / unit
        refuse_leaks(folder)
        text = (folder / f"{unit}.ipynb").read_text()
        assert not any(marker in text for marker in FORBIDDEN_IN_RELEASE)
