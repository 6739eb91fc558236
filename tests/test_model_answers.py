"""Model answers quote runs, not typed numbers: each ```pycon block in a written answer's
model answer is run as a doctest and must print what it shows, and every number of two or
more significant digits in the answer's prose appears in one of its blocks."""

from __future__ import annotations

import doctest
import re

import pytest
from course_units import UNITS, source_notebook

from course_lib.grading.rubrics import written_answers_with_rubrics

SESSION = re.compile(r"^```pycon\n(.*?)^```\n?", re.MULTILINE | re.DOTALL)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.DOTALL)
NUMBER = re.compile(r"(?<![\w.])\d[\d ]*\.\d+|(?<![\w.])\d+(?= ?%)")


def model_answers() -> list[tuple[str, str, str]]:
    """(unit, grade_id, model answer without its rubric) of every written answer."""
    return [
        (unit, answer.grade_id, answer.model_answer)
        for unit in UNITS
        for answer in written_answers_with_rubrics(source_notebook(unit))
    ]


ANSWERS = model_answers()
IDS = [f"{unit}:{grade_id}" for unit, grade_id, _ in ANSWERS]


def shown_in(number: str, sessions: str) -> bool:
    """Whether the sessions show the number whole ("0.28" is not in "0.286")."""
    digits = re.escape(number.replace(" ", ""))
    return re.search(rf"(?<![\d.]){digits}(?![\d])", sessions) is not None


def significant_digits(number: str) -> int:
    """How many significant digits a decimal written in the prose has ("0.071" has 2)."""
    return len(number.replace(" ", "").replace(".", "").lstrip("0"))


@pytest.mark.parametrize(("unit", "grade_id", "answer"), ANSWERS, ids=IDS)
def test_the_runs_a_model_answer_shows_print_what_it_shows(unit, grade_id, answer):
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, session in enumerate(SESSION.findall(answer)):
        test = parser.get_doctest(session, {}, f"{unit}:{grade_id}[{number}]", None, 0)
        output: list[str] = []
        result = runner.run(test, out=output.append, clear_globs=True)
        assert result.failed == 0, "".join(output)


@pytest.mark.parametrize(("unit", "grade_id", "answer"), ANSWERS, ids=IDS)
def test_every_number_in_a_model_answer_comes_from_its_runs(unit, grade_id, answer):
    sessions = "\n".join(SESSION.findall(answer))
    prose = MATH.sub(" ", SESSION.sub(" ", answer))
    typed = [
        number
        for number in NUMBER.findall(prose)
        if significant_digits(number) >= 2 and not shown_in(number, sessions)
    ]
    assert not typed, (
        f"{unit}:{grade_id} quotes {typed}, which none of its ```pycon runs prints: "
        "show the run that gives them"
    )


def test_the_check_wants_each_number_whole_and_ignores_single_digits():
    assert shown_in("0.28", "max error 0.28\n") and not shown_in("0.28", "max error 0.286\n")
    assert not shown_in("1.5", "11.5") and shown_in("51 962", "bound 51962")
    assert [significant_digits(n) for n in ("0.071", "0.5", "3.0", "94.0")] == [2, 1, 2, 3]
