"""Every exercise is graded on the student's own code: an answer that reaches one of the
exercise's references in course_lib, by any route, fails that exercise's tests with the
one-sentence rule, while the same answer passes when the rule is switched off (so each
borrowing answer is a real answer, stopped by the rule and by nothing else).

Both places where the rule holds are tried with every route: the student's own run in
JupyterLab (the test cell's ``own_work`` blocks watch the code that runs) and the grader
(the sandbox's library has the exercise's references stubbed out). An "earlier cell" is, for
the grader, an earlier answer cell: the only other cells of a student's that it runs.
"""

from __future__ import annotations

import pytest
from borrowing import ROUTES, borrowed_answers, with_earlier_cell
from course_units import UNITS, source_notebook, unit_variants
from kernel_run import run_in_kernel

import course_lib.own_work
from course_lib.exercise_references import EXERCISE_REFERENCES
from course_lib.grading.exercise_runner import run_exercise
from course_lib.grading.harness import stubs
from course_lib.grading.notebook import exercises

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
def test_borrowing_answer_fails_with_the_rule_in_jupyterlab(unit, grade_id, earlier, answer):
    notebook = with_earlier_cell(source_notebook(unit), earlier)
    result = run_in_kernel(notebook, grade_id, answer)
    assert not result.passed, "an answer using the exercise's reference passed"
    assert RULE in result.message, result.message


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(cases()))
def test_borrowing_answer_passes_without_the_rule_in_jupyterlab(
    unit, grade_id, earlier, answer, monkeypatch
):
    monkeypatch.setattr(course_lib.own_work, "forbidden_code", lambda grade_id: {})
    notebook = with_earlier_cell(source_notebook(unit), earlier)
    result = run_in_kernel(notebook, grade_id, answer)
    assert result.passed, f"the borrowing answer is not a real answer: {result.message}"


def _graded(unit, grade_id, earlier, answer, processes):
    previous = [("earlier", earlier)] if earlier else []
    return run_exercise(
        source_notebook(unit), grade_id, answer, processes=processes, earlier=previous
    )


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(cases()))
def test_the_grader_gives_borrowing_answers_nothing(
    unit, grade_id, earlier, answer, student_processes
):
    verdict = _graded(unit, grade_id, earlier, answer, student_processes)
    assert not verdict.passed, "the grader passed an answer using the exercise's reference"
    assert RULE in verdict.message, verdict.message


@pytest.fixture
def no_stubs(monkeypatch):
    """The grader's library without any stub (the rule switched off)."""
    monkeypatch.setattr(stubs, "forbidden_code", lambda grade_id: {})
    stubs.compiled_library.cache_clear()
    stubs.stubbed_objects.cache_clear()
    yield
    stubs.compiled_library.cache_clear()
    stubs.stubbed_objects.cache_clear()


@pytest.mark.parametrize("unit, grade_id, earlier, answer", list(cases()))
def test_the_grader_passes_borrowing_answers_without_the_rule(
    unit, grade_id, earlier, answer, student_processes, no_stubs
):
    verdict = _graded(unit, grade_id, earlier, answer, student_processes)
    assert verdict.passed, f"the borrowing answer is not a real answer: {verdict.message}"
