"""Every exercise is graded by its notebook's own tests: the reference solution passes,
the blank release stub fails, every typical mistake fails, every alternative correct
answer passes.

Each case is graded as a submission is: the answer in a child of the sandbox, the tests in the
harness (`course_lib.grading.exercise_runner`).
"""

from __future__ import annotations

import pytest
from course_units import ROOT, UNITS, source_notebook, unit_variants

from course_lib.grading.course import RELEASE_DIR
from course_lib.grading.exercise_runner import run_exercise
from course_lib.grading.notebook import exercises, read_notebook

MIN_WRONG, MIN_CORRECT = 3, 1


def variants(unit: str) -> dict[str, dict[str, str]]:
    return unit_variants(unit).VARIANTS


def cases():
    for unit in UNITS:
        for grade_id, answers in variants(unit).items():
            for label in answers:
                yield pytest.param(unit, grade_id, label, id=f"{unit}-{grade_id}-{label}")


def test_there_are_units():
    assert len(UNITS) >= 1


@pytest.mark.parametrize("unit", UNITS)
def test_every_exercise_has_enough_variants(unit):
    found = exercises(source_notebook(unit))
    table = variants(unit)
    assert set(table) == set(found), "variants must cover exactly the notebook's exercises"
    for grade_id, answers in table.items():
        kinds = [label.split(":")[0] for label in answers]
        assert kinds.count("wrong") >= MIN_WRONG, grade_id
        assert kinds.count("correct") >= MIN_CORRECT, grade_id
        assert set(kinds) <= {"wrong", "correct"}, grade_id


@pytest.mark.parametrize("unit", UNITS)
def test_reference_solutions_pass_and_release_stubs_fail(unit, student_processes):
    source = source_notebook(unit)
    release = read_notebook(ROOT / RELEASE_DIR / unit / f"{unit}.ipynb")
    for grade_id in exercises(source):
        verdict = run_exercise(source, grade_id, processes=student_processes)
        assert verdict.passed, (grade_id, verdict.message)
        blank = exercises(release)[grade_id].solution
        stub = run_exercise(source, grade_id, blank, processes=student_processes)
        assert not stub.passed and "NotImplementedError" in stub.message, grade_id


def earlier_answers(notebook, grade_id: str) -> list[tuple[str, str]]:
    """(grade_id, reference solution) of the exercises before ``grade_id``: a submission's
    answer cells run before it, so a variant may call an earlier exercise's function."""
    found = exercises(notebook)
    order = list(found)
    return [(earlier, found[earlier].solution) for earlier in order[: order.index(grade_id)]]


@pytest.mark.parametrize("unit, grade_id, label", list(cases()))
def test_variant_is_graded_as_labelled(unit, grade_id, label, student_processes):
    answer = variants(unit)[grade_id][label]
    source = source_notebook(unit)
    result = run_exercise(
        source,
        grade_id,
        answer,
        processes=student_processes,
        earlier=earlier_answers(source, grade_id),
    )
    if label.startswith("correct"):
        assert result.passed, result.message
    else:
        assert not result.passed, "a wrong answer passed the tests"


def test_a_bias_gradient_summed_over_the_batch_is_diagnosed_as_a_missing_one_over_n(
    student_processes,
):
    # db2 of unit 03's network has one entry: the factor m = 4 is the only evidence there is.
    answer = unit_variants("03_xor_mlp").VARIANTS["backward_two_layer"][
        "wrong: db2 and db1 summed instead of averaged"
    ]
    result = run_exercise(
        source_notebook("03_xor_mlp"), "backward_two_layer", answer, processes=student_processes
    )
    assert not result.passed
    assert "N = 4 times the numerical one" in result.message, result.message
    assert "a missing 1/N" in result.message
