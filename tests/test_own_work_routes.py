"""Every exercise is graded on the student's own code: an answer that reaches one of the
exercise's references in course_lib, by any route, fails that exercise's tests with the
one-sentence rule, while the same answer passes when the check is switched off (so each
borrowing answer is a real answer, stopped by the rule and by nothing else).
"""

from __future__ import annotations

import pytest
from borrowing import ROUTES, borrowed_answers, with_earlier_cell
from course_units import UNITS, source_notebook, unit_variants

import course_lib.own_work
from course_lib.exercise_references import EXERCISE_REFERENCES
from course_lib.grading.exercise_runner import run_exercise
from course_lib.grading.notebook import exercises, setup_source
from course_lib.grading.verifier import verify_exercise

RULE = "asks you to write it yourself"


def borrowed(unit: str) -> dict[str, tuple[str, str]]:
    return unit_variants(unit).BORROWED


def cases():
    for unit in UNITS:
        for grade_id, (reference, template) in borrowed(unit).items():
            for route, (earlier, answer) in borrowed_answers(reference, template).items():
                yield pytest.param(unit, grade_id, earlier, answer, id=f"{unit}-{grade_id}-{route}")


@pytest.mark.parametrize("unit", UNITS)
def test_every_exercise_has_a_borrowing_answer_through_its_reference(unit):
    table = borrowed(unit)
    with_references = {g for g in exercises(source_notebook(unit)) if EXERCISE_REFERENCES[g]}
    assert set(table) == with_references
    for grade_id, (reference, _) in table.items():
        names = EXERCISE_REFERENCES[grade_id]
        assert any(name == reference or name.startswith(reference + ".") for name in names), (
            f"{grade_id}: {reference} is not one of its references {names}"
        )


def test_every_route_is_tried_for_functions_and_classes():
    routes = set(borrowed_answers("course_lib.activations.sigmoid", "y = REF(0.0)"))
    assert routes == set(ROUTES)
    assert set(borrowed_answers("course_lib.engine.Value", "y = REF(0.0)")) == set(ROUTES) - {
        "copied code object"
    }


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(cases()))
def test_borrowing_answer_fails_with_the_rule(unit, grade_id, earlier, answer):
    notebook = with_earlier_cell(source_notebook(unit), earlier)
    result = run_exercise(notebook, grade_id, answer)
    assert not result.passed, "an answer using the exercise's reference passed"
    assert RULE in result.message, result.message


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(cases()))
def test_borrowing_answer_passes_without_the_rule(unit, grade_id, earlier, answer, monkeypatch):
    monkeypatch.setattr(course_lib.own_work, "forbidden_code", lambda grade_id: {})
    notebook = with_earlier_cell(source_notebook(unit), earlier)
    result = run_exercise(notebook, grade_id, answer)
    assert result.passed, f"the borrowing answer is not a real answer: {result.message}"


def verifier_cases():
    """One route per exercise, taking the routes in turn, so that every route is tried in
    the verifier on several exercises."""
    count = 0
    for unit in UNITS:
        for grade_id, (reference, template) in borrowed(unit).items():
            routes = borrowed_answers(reference, template)
            route = list(routes)[count % len(routes)]
            count += 1
            yield pytest.param(unit, grade_id, *routes[route], id=f"{unit}-{grade_id}-{route}")


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(verifier_cases()))
def test_the_verifier_gives_borrowing_answers_nothing(unit, grade_id, earlier, answer):
    notebook = with_earlier_cell(source_notebook(unit), earlier)
    tests = exercises(notebook)[grade_id].tests
    verdict = verify_exercise(grade_id, setup_source(notebook), answer, tests, timeout=60)
    assert not verdict.passed, "the verifier passed an answer using the exercise's reference"
    assert RULE in verdict.message, verdict.message
