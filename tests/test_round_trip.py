"""Round trip through the grading pipeline, in a scratch course: the source notebook handed in
as it is earns full marks in every exercise and nbgrader runs it to the end (in the sandbox);
the untouched student release earns zero; written answers wait for a person.

All units and both students are graded in one run (two jobs in parallel) for the module.
"""

from __future__ import annotations

import shutil

import pytest
from course_units import ROOT, UNITS

from course_lib.grading.course import RELEASE_DIR, SOURCE_DIR
from course_lib.grading.notebook import read_notebook, written_answers
from course_lib.grading.pipeline import autograde
from course_lib.grading.workspace import Workspace


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[tuple[str, str], dict]:
    workspace = Workspace(ROOT, tmp_path_factory.mktemp("round-trip"))
    for unit in UNITS:
        handed_in = {
            "perfect": workspace.source_notebook(unit),
            "blank": ROOT / RELEASE_DIR / unit / f"{unit}.ipynb",
        }
        for student, notebook in handed_in.items():
            target = workspace.submission(student, unit)
            target.parent.mkdir(parents=True)
            shutil.copy(notebook, target)
    results = autograde(workspace, jobs=2, progress=False)
    return {(result["student"], result["unit"]): result for result in results}


@pytest.mark.parametrize("unit", UNITS)
def test_the_source_earns_full_marks(graded, unit):
    result = graded["perfect", unit]
    assert result["status"] == "graded" and result["sandboxed"]
    assert result["notebook_run"] == "", "nbgrader could not run the source in the sandbox"
    assert result["exercises"], "the notebook has no autograded exercise"
    for grade_id, grade in result["exercises"].items():
        assert grade["score"] == grade["max_points"] > 0, f"{grade_id}: {grade['message']}"


@pytest.mark.parametrize("unit", UNITS)
def test_the_untouched_release_earns_zero(graded, unit):
    result = graded["blank", unit]
    assert result["status"] == "graded"
    for grade_id, grade in result["exercises"].items():
        assert grade["score"] == 0, grade_id
        assert "NotImplementedError" in grade["message"], grade_id


@pytest.mark.parametrize("unit", UNITS)
def test_written_answers_wait_for_a_person(graded, unit):
    expected = written_answers(read_notebook(ROOT / SOURCE_DIR / unit / f"{unit}.ipynb"))
    assert expected and graded["perfect", unit]["written"] == expected
