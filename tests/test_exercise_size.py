"""Every exercise carries the unit: no autograded answer is a one- or two-line body.

An answer's size is its lines of code between the solution markers, blank lines and comments
left out, summed over the cell's regions (a class has one per method). The one exception is
the unit's experiment, whose answer is by design the student's choice of settings: a single
``return {...}``. Each unit has one.
"""

from __future__ import annotations

import ast
import re
import textwrap

import pytest
from course_units import UNITS, source_notebook

from course_lib.grading.notebook import exercises

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL)
FEWEST_LINES = 3


def solution_regions(source: str) -> list[str]:
    """The dedented code of each solution region of a cell, in order."""
    return [textwrap.dedent(region) for region in SOLUTION_REGION.findall(source)]


def code_lines(region: str) -> int:
    """Lines of a region that hold code: neither blank nor a comment."""
    stripped = (line.strip() for line in region.splitlines())
    return sum(1 for line in stripped if line and not line.startswith("#"))


def is_choice_of_settings(regions: list[str]) -> bool:
    """True when the answer is one ``return`` of a dict literal: an experiment's settings."""
    if len(regions) != 1:
        return False
    statements = ast.parse(regions[0]).body
    return (
        len(statements) == 1
        and isinstance(statements[0], ast.Return)
        and isinstance(statements[0].value, ast.Dict)
    )


def answers(unit: str) -> dict[str, list[str]]:
    """grade_id -> solution regions of each autograded exercise's answer cell."""
    return {
        grade_id: solution_regions(exercise.solution)
        for grade_id, exercise in exercises(source_notebook(unit)).items()
    }


@pytest.mark.parametrize("unit", UNITS)
def test_no_answer_is_a_one_or_two_line_body(unit):
    sizes = {
        grade_id: sum(map(code_lines, regions))
        for grade_id, regions in answers(unit).items()
        if not is_choice_of_settings(regions)
    }
    short = {grade_id: lines for grade_id, lines in sizes.items() if lines < FEWEST_LINES}
    assert not short, f"{unit}: answers of fewer than {FEWEST_LINES} lines: {short}"


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_has_one_experiment_whose_answer_is_a_choice_of_settings(unit):
    choices = [
        grade_id for grade_id, regions in answers(unit).items() if is_choice_of_settings(regions)
    ]
    assert len(choices) == 1, f"{unit}: experiments answered by settings: {choices}"


def test_the_helpers_measure_what_they_claim():
    source = (
        "class A:\n    def f(self):\n        ### BEGIN SOLUTION\n        # why\n        x = 1\n\n"
        "        return x\n        ### END SOLUTION\n    def g(self):\n"
        "        ### BEGIN SOLUTION\n        return 2\n        ### END SOLUTION\n"
    )
    regions = solution_regions(source)
    assert regions == ["# why\nx = 1\n\nreturn x\n", "return 2\n"]
    assert [code_lines(region) for region in regions] == [2, 1]
    assert not is_choice_of_settings(regions)
    assert is_choice_of_settings(['return {\n    "lr": 0.1,\n}\n'])
    assert not is_choice_of_settings(["settings = {}\nreturn settings\n"])
