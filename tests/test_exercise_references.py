"""The table of exercise references covers every exercise, and every notebook applies it: its
test cells run the student's code in ``own_work`` blocks and its instructions state the rule.
"""

from __future__ import annotations

import ast
import inspect
import types

import pytest
from course_units import UNITS, source_notebook

from course_lib.exercise_references import EXERCISE_REFERENCES, NAMED_IN_INSTRUCTIONS
from course_lib.grading.notebook import exercises, nbgrader_metadata
from course_lib.own_work import forbidden_code, resolve, rule_sentence


def block_lines(tests_source: str) -> frozenset[int]:
    """The line numbers of ``tests_source`` inside the bodies of ``with own_work(...)``."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(tests_source)):
        if isinstance(node, ast.With) and any(
            isinstance(item.context_expr, ast.Call)
            and getattr(item.context_expr.func, "id", None) == "own_work"
            for item in node.items
        ):
            first, last = node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno
            lines.update(range(first, last + 1))
    return frozenset(lines)


def all_exercises() -> list[str]:
    return [grade_id for unit in UNITS for grade_id in exercises(source_notebook(unit))]


def test_every_exercise_has_an_entry_and_every_entry_an_exercise():
    found = all_exercises()
    assert len(found) == len(set(found)), "grade_ids must be unique across the units"
    assert set(EXERCISE_REFERENCES) == set(found)


#: Exercises whose answer nothing in course_lib computes (each checked by hand).
WITHOUT_REFERENCES = {
    "bump_network",
    "relu_interpolant",
    "count_linear_pieces",
    "sgd_budget_settings",
    "digits_settings",
    "xor_settings",
    "perceptron_settings",
    "match_construction",
    "tent_network",
    "chosen_settings",
}
WITH_REFERENCES = sorted(set(EXERCISE_REFERENCES) - WITHOUT_REFERENCES)


def test_only_the_exercises_known_to_have_no_reference_have_an_empty_entry():
    assert {grade_id for grade_id, names in EXERCISE_REFERENCES.items() if not names} == (
        WITHOUT_REFERENCES
    )
    with pytest.raises(ValueError, match="no references"):
        rule_sentence("count_linear_pieces")


def test_the_instructions_name_one_to_three_of_each_exercises_references():
    assert set(NAMED_IN_INSTRUCTIONS) == set(WITH_REFERENCES)
    for grade_id, named in NAMED_IN_INSTRUCTIONS.items():
        assert 1 <= len(named) <= 3, grade_id
        assert len(set(named)) == len(named), grade_id
        assert set(named) <= set(EXERCISE_REFERENCES[grade_id]), grade_id


@pytest.mark.parametrize("grade_id", WITH_REFERENCES)
def test_every_reference_is_a_function_or_class_with_code(grade_id):
    names = EXERCISE_REFERENCES[grade_id]
    for name in names:
        assert name.startswith("course_lib."), name
        target = resolve(name)
        assert inspect.isclass(target) or isinstance(target, types.FunctionType), name
    assert set(forbidden_code(grade_id).values()) == set(names)


def answer_cells(unit: str):
    """(grade_id, index of the answer cell) for every exercise of the unit."""
    notebook = source_notebook(unit)
    wanted = set(exercises(notebook))
    for index, cell in enumerate(notebook.cells):
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if cell.cell_type == "code" and grade_id in wanted:
            yield grade_id, index


@pytest.mark.parametrize("unit", UNITS)
def test_each_exercise_states_the_rule_just_before_its_answer_cell(unit):
    notebook = source_notebook(unit)
    for grade_id, index in answer_cells(unit):
        if grade_id in WITHOUT_REFERENCES:
            continue
        before = notebook.cells[index - 1]
        assert before.cell_type == "markdown", f"{grade_id}: no instructions above the answer"
        assert rule_sentence(grade_id) in before.source, f"{grade_id}: the rule is not stated"


@pytest.mark.parametrize("unit", UNITS)
def test_each_test_cell_runs_the_answer_in_its_own_work_block(unit):
    for grade_id, exercise in exercises(source_notebook(unit)).items():
        visible = exercise.tests.split("### BEGIN HIDDEN TESTS")[0]
        assert f'own_work("{grade_id}")' in visible, grade_id
        assert block_lines(visible), grade_id
        other_blocks = exercise.tests.replace(f'own_work("{grade_id}")', "")
        assert "own_work(" not in other_blocks, f"{grade_id}: a block of another exercise"
