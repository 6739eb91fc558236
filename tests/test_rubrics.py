"""The rubrics of the written answers: read from the sources, checked to add up, written for
the graders, and never released to the students."""

from __future__ import annotations

import nbformat
import pytest
from course_units import ROOT, UNITS, source_notebook

from course_lib.cli import main
from course_lib.grading.course import RELEASE_DIR
from course_lib.grading.notebook import read_notebook, written_answers
from course_lib.grading.rubrics import RubricError, rubric_markdown, written_answers_with_rubrics

QUESTION = "### Question 1 (written)\n\nWhy can no single threshold unit compute XOR?"
ANSWER = """One unit splits the plane by a line; XOR's 1s sit on a diagonal.

**Rubric** (3 points)
- [1] one unit is a line (a hyperplane) with 1 on one side
- [2] the four inequalities, and the contradiction
  that adding them gives
"""


def notebook_with(answer: str, points: float = 3) -> nbformat.NotebookNode:
    meta = {"grade": True, "grade_id": "xor_written", "locked": False, "points": points}
    meta |= {"schema_version": 3, "solution": True, "task": False}
    cells = [nbformat.v4.new_markdown_cell(QUESTION), nbformat.v4.new_markdown_cell(answer)]
    cells[1].metadata["nbgrader"] = meta
    return nbformat.v4.new_notebook(cells=cells)


def test_a_rubric_is_read_with_its_question_model_answer_and_items():
    [answer] = written_answers_with_rubrics(notebook_with(ANSWER))
    assert answer.grade_id == "xor_written" and answer.points == 3
    assert answer.question == QUESTION
    assert answer.model_answer == "One unit splits the plane by a line; XOR's 1s sit on a diagonal."
    assert answer.rubric == (
        (1.0, "one unit is a line (a hyperplane) with 1 on one side"),
        (2.0, "the four inequalities, and the contradiction that adding them gives"),
    )
    page = rubric_markdown("01_perceptron", [answer])
    assert "## xor_written (3 points)" in page and "- [2] the four inequalities" in page


@pytest.mark.parametrize(
    "answer, points, words",
    [
        ("Only a model answer.", 3, "has no rubric"),
        (ANSWER, 4, "states 3 points and its items give 3, but the cell is worth 4"),
        (ANSWER.replace("- [2]", "- [1]"), 3, "its items give 2"),
        (ANSWER.replace("- [1] one", "one"), 3, "a line that is no item"),
        ("Answer.\n\n**Rubric** (3 points)\n", 3, "has no rubric items"),
    ],
)
def test_a_rubric_that_is_missing_or_does_not_add_up_is_named(answer, points, words):
    with pytest.raises(RubricError, match="xor_written") as caught:
        written_answers_with_rubrics(notebook_with(answer, points))
    assert words in str(caught.value)


@pytest.mark.parametrize("unit", UNITS)
def test_every_written_answer_of_every_unit_has_a_rubric_that_adds_up(unit):
    answers = written_answers_with_rubrics(source_notebook(unit))
    assert [answer.grade_id for answer in answers] == list(written_answers(source_notebook(unit)))


@pytest.mark.parametrize("unit", UNITS)
def test_no_rubric_reaches_the_students(unit):
    release = read_notebook(ROOT / RELEASE_DIR / unit / f"{unit}.ipynb")
    assert not any("**Rubric**" in cell.source for cell in release.cells)


def test_course_rubrics_writes_a_page_per_unit_for_the_graders(tmp_path, capsys):
    assert main(["rubrics", "--course-dir", str(tmp_path)]) == 0
    for unit in UNITS:
        page = (tmp_path / "rubrics" / f"{unit}.md").read_text()
        for grade_id in written_answers(source_notebook(unit)):
            assert f"## {grade_id} (" in page
    assert capsys.readouterr().out.count("written: ") == len(UNITS)
