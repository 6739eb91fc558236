"""nbgrader round trip, in a scratch course: the source notebook handed in as it is earns
full marks in every autograded cell; the untouched student release earns zero."""

from __future__ import annotations

import pytest
from course_units import ROOT, UNITS
from fixture_course import UNIT, make_course

from course_lib.grading.autograde import autograde_unit
from course_lib.grading.course import RELEASE_DIR, SOURCE_DIR
from course_lib.grading.release import release


def grade_perfect_and_blank(root, unit):
    """Autograde the source notebook as student "perfect" and the release as "blank"."""
    unit_folder = root / SOURCE_DIR / unit
    submissions = {
        "perfect": unit_folder / f"{unit}.ipynb",
        "blank": root / RELEASE_DIR / unit / f"{unit}.ipynb",
    }
    return autograde_unit(root, unit_folder, submissions)


def assert_full_and_zero(scores):
    autograded = {k: v for k, v in scores["perfect"].items() if v.auto}
    assert autograded, "the notebook has no autograded cell"
    for grade_id, cell in autograded.items():
        assert cell.score == cell.max_score > 0, f"reference solution lost marks in {grade_id}"
    for grade_id, cell in scores["blank"].items():
        if cell.auto:
            assert cell.score == 0, f"the blank release earned marks in {grade_id}"


def test_round_trip_of_the_fixture_unit(tmp_path):
    root = make_course(tmp_path)
    release(root)
    scores = grade_perfect_and_blank(root, UNIT)
    assert_full_and_zero(scores)
    assert scores["perfect"]["why"].auto is False  # the written answer awaits a person


@pytest.mark.parametrize("unit", UNITS)
def test_round_trip_of_each_unit(unit):
    assert_full_and_zero(grade_perfect_and_blank(ROOT, unit))
