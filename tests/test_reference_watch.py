"""The verifier's watcher: the exercise's references may not run for the student's code, in a
fresh process where the student's code cannot switch the watcher off or reset it.

The exercise here is the course's ``sigmoid``, with a small test cell of the same shape as the
notebook's: its own call of the reference outside the block, the answer's calls inside.
"""

from __future__ import annotations

import pytest

from course_lib.grading.reference_watch import block_lines
from course_lib.grading.verifier import verify_exercise
from course_lib.own_work import violation_message

SETUP = (
    "import numpy as np\n"
    "from course_lib.activations import sigmoid as reference_sigmoid\n"
    "from course_lib.checks import check_close\n"
    "from course_lib.own_work import own_work\n"
)
TESTS = """
z = np.linspace(-5.0, 5.0, 11)
expected = reference_sigmoid(z)


def run_answer(values):
    with own_work("sigmoid"):
        return sigmoid(values)


check_close("sigmoid(z)", run_answer(z), expected)
with own_work("sigmoid"):
    again = sigmoid(-z)
check_close("sigmoid(-z)", again, 1.0 - expected)
"""
OWN = "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))\n"


def verify(answer: str):
    return verify_exercise("sigmoid", SETUP, answer, TESTS, timeout=30)


def test_block_lines_are_the_bodies_of_own_work_blocks_only():
    source = (
        "x = 1\nwith own_work('a'):\n    y = f(x)\n    z = g(\n        y)\n"
        "with quietly():\n    w = h()\n"
    )
    assert block_lines(source) == {3, 4, 5}


def test_the_students_own_code_passes_while_the_tests_use_the_reference():
    verdict = verify(OWN)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(
    "answer",
    [
        "from course_lib.activations import sigmoid\n",
        "from course_lib.activations import sigmoid as s\n\n\ndef sigmoid(z):\n    return s(z)\n",
        # computed while the answer cell runs, then looked up
        "from course_lib.activations import sigmoid as s\nTABLE = {0.0: float(s(0.0))}\n" + OWN,
        # resets the in-kernel guard's record: the verifier does not keep one
        "import course_lib.own_work as guard\nfrom course_lib.activations import sigmoid as s\n\n\n"
        "def sigmoid(z):\n    result = s(z)\n    guard._used.clear()\n    return result\n",
    ],
    ids=["direct", "wrapper", "at-answer-time", "guard-record-reset"],
)
def test_borrowing_answers_fail_with_the_rule_naming_the_reference(answer):
    verdict = verify(answer)
    assert not verdict.passed
    assert verdict.message == violation_message("sigmoid", "course_lib.activations.sigmoid")


@pytest.mark.parametrize(
    "answer, refused",
    [
        ("import sys\nsys.setprofile(None)\n" + OWN, "sys.setprofile"),
        ("import sys\nsys.getprofile().__defaults__ = ((),)\n" + OWN, "__defaults__"),
        ("import threading\nthreading.setprofile(None)\n" + OWN, "threading"),
    ],
    ids=["profile-removed", "watcher-state-replaced", "thread-watcher-removed"],
)
def test_switching_the_watcher_off_is_refused(answer, refused):
    verdict = verify(answer)
    assert not verdict.passed
    assert refused in verdict.message, verdict.message


def test_a_reference_in_another_thread_earns_nothing():
    answer = (
        "import threading\nfrom course_lib.activations import sigmoid as s\n\n\n"
        "def sigmoid(z):\n    out = []\n"
        "    worker = threading.Thread(target=lambda: out.append(s(z)))\n"
        "    worker.start()\n    worker.join()\n    return out[0]\n"
    )
    assert not verify(answer).passed
