"""The verifier: one exercise graded in a fresh limited process, on the fixture unit.

Each tampering and failure case is a student's answer cell; the verifier runs the setup, that
cell and the source's test cell (with the hidden tests), and must not give the points.
"""

from __future__ import annotations

import pytest
from fixture_course import ANSWER, SETUP, TESTS

from course_lib.grading.verifier import (
    VerifierServer,
    verify_exercise,
    verify_exercises,
    without_test_code,
)

CORRECT = "def double(x):\n    return 2.0 * np.asarray(x, dtype=float)\n"


def verify(answer: str, **options):
    timeout = options.pop("timeout", 10)
    return verify_exercise("double", SETUP, answer, TESTS, timeout=timeout, **options)


@pytest.mark.parametrize(
    "answer",
    [
        ANSWER,
        CORRECT,
        "import sys, warnings\n"
        + CORRECT.replace(
            "    return",
            "    print('debug', file=sys.stderr)\n    warnings.warn('noisy')\n"
            "    np.exp(np.float64(1000.0))\n    return",
        ),
        CORRECT.replace("    return", "    print('x' * 5_000_000)\n    return"),
    ],
    ids=["reference", "rewritten", "warnings-and-stderr", "megabytes-of-output"],
)
def test_a_correct_answer_passes_whatever_it_prints(answer):
    assert verify(answer).passed


TAMPERING = {
    "numpy-replaced": "np.allclose = lambda *a, **k: True\ndef double(x):\n    return 42",
    "numpy-dict-written": "vars(np)['isfinite'] = lambda x: True\n" + CORRECT,
    "numpy-linalg-replaced": "np.linalg.norm = lambda *a, **k: 0.0\n" + CORRECT,
    "course-lib-replaced": "import course_lib.checks\n"
    "course_lib.checks.check_array = lambda *a, **k: None\ndef double(x):\n    return 42",
    "builtin-replaced": "import builtins\nbuiltins.isinstance = lambda *a: True\n" + CORRECT,
    "math-replaced": "import math\nmath.isfinite = lambda x: True\n" + CORRECT,
    "setup-name-rebound": "check_close = lambda *a, **k: None\ndef double(x):\n    return 42",
    "builtins-of-namespace": "__builtins__ = dict(vars(__import__('builtins')))\n" + CORRECT,
    "patched-while-called": "def double(x):\n    np.abs = lambda v: 0 * v\n    return 42",
    "function-code-replaced": "check_close.__code__ = (lambda *a, **k: None).__code__\n"
    "def double(x):\n    return 42",
    "function-defaults-replaced": "import course_lib.checks\n"
    "course_lib.checks.check_close.__kwdefaults__ = {'rtol': 1e9, 'atol': 1e9, 'dtype_kind': 'f'}\n"
    "def double(x):\n    return 2.0 * np.asarray(x, dtype=float) + 1.0",
}


@pytest.mark.parametrize("answer", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_earns_nothing(answer):
    verdict = verify(answer)
    assert not verdict.passed
    assert "tampering" in verdict.message


FAKES = {
    "equal-to-everything": "class Yes:\n    def __eq__(self, other):\n        return True\n"
    "    __array_priority__ = 1000\n    shape = (2,)\ndef double(x):\n    return Yes()",
    "ndarray-subclass": "class Fake(np.ndarray):\n    def __eq__(self, other):\n"
    "        return np.ones(np.shape(other), bool)\n"
    "def double(x):\n    return np.zeros(np.shape(x)).view(Fake)",
    "array-like-object": "class Fake:\n    shape = (2,)\n    dtype = np.dtype(float)\n"
    "    def __array__(self, *a, **k):\n        return np.array([2.0, 4.0])\n"
    "def double(x):\n    return Fake()",
}


@pytest.mark.parametrize("answer", FAKES.values(), ids=FAKES.keys())
def test_objects_that_fake_equality_or_arrays_fail(answer):
    assert not verify(answer).passed


def test_hidden_tests_cannot_be_read_from_disk(tmp_path):
    secret = tmp_path / "solutions" / "unit.ipynb"
    secret.parent.mkdir()
    secret.write_text("hidden tests")
    answer = f"source = open({str(secret)!r}).read()\n" + CORRECT
    verdict = verify(answer, protected=(tmp_path / "solutions",))
    assert not verdict.passed and "open of a protected file" in verdict.message


@pytest.mark.parametrize(
    "answer, refused",
    [
        ("import sys\nframe = sys._getframe(1)\n" + CORRECT, "sys._getframe"),
        ("import gc\nobjects = gc.get_objects()\n" + CORRECT, "gc.get_objects"),
        ("import subprocess\nsubprocess.Popen(['true'])\n" + CORRECT, "refused"),
        ("import os\nos.system('true')\n" + CORRECT, "os.system"),
        ("open('/proc/self/mem', 'rb')\n" + CORRECT, "protected"),
    ],
    ids=["frames", "garbage-collector", "subprocess", "shell", "own-memory"],
)
def test_what_could_reach_the_result_or_escape_is_refused(answer, refused):
    verdict = verify(answer)
    assert not verdict.passed and refused in verdict.message


def test_a_forged_result_is_not_accepted():
    """Writing a pass to every open descriptor and exiting cleanly forges nothing: the
    parent wants the nonce, which the student's code cannot reach."""
    forge = (
        "import os\nfor fd in range(3, 64):\n    try:\n"
        "        os.write(fd, b'0' * 32 + b'\\npass\\n')\n    except OSError:\n        pass\n"
        "os._exit(0)\n"
    )
    verdict = verify(forge)
    assert not verdict.passed and "tampered" in verdict.message


@pytest.mark.parametrize(
    "answer, reason",
    [
        ("import os\nos._exit(0)", "ended early"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "refused"),
        ("def double(x):\n    raise SystemExit(0)", "SystemExit"),
        ("def double(x):\n    return np.ones(10**10)", "MemoryError"),
        ("def double(x):\n    return [0] * 10**10", "MemoryError"),
    ],
    ids=["exit", "kill", "system-exit", "numpy-memory", "list-memory"],
)
def test_a_dying_or_greedy_answer_fails_with_a_reason(answer, reason):
    verdict = verify(answer)
    assert not verdict.passed and reason in verdict.message


def test_a_loop_that_swallows_keyboard_interrupt_is_killed_at_the_timeout():
    loop = (
        "def double(x):\n    while True:\n        try:\n            pass\n"
        "        except BaseException:\n            pass"
    )
    verdict = verify(loop, timeout=2)
    assert not verdict.passed and verdict.message == "timed out after 2 s"


def test_a_message_quoting_the_tests_is_replaced():
    line = "got = double(np.arange(6.0).reshape(2, 3))"
    assert without_test_code(f"tests: NameError: {line}", TESTS) == "tests: the tests failed"
    assert (
        without_test_code("tests: AssertionError: wrong", TESTS) == "tests: AssertionError: wrong"
    )


def test_each_exercise_starts_from_the_setup_whatever_the_others_did():
    setup = SETUP + "\nshared = []\n"
    exercises = [
        ("first", "shared.append('left over')\nimport os\nos._exit(3)", "pass"),
        ("second", "import numpy\nnumpy.mean = len", "pass"),
        ("third", CORRECT, "assert shared == [] and np.mean([1.0, 3.0]) == 2.0\n" + TESTS),
    ]
    verdicts = verify_exercises(setup, exercises, timeout=10)
    assert "ended early" in verdicts["first"].message
    assert "tampering" in verdicts["second"].message
    assert verdicts["third"].passed, verdicts["third"].message


def test_an_answer_flooding_its_result_pipe_is_stopped_at_the_timeout():
    flood = "import os\nwhile True:\n    for fd in range(3, 16):\n        try:\n"
    flood += "            os.write(fd, b'x' * 65536)\n        except OSError:\n            pass\n"
    verdict = verify(flood, timeout=2)
    assert not verdict.passed and verdict.message == "timed out after 2 s"


def test_a_kept_verifier_grades_each_submission_from_the_same_state():
    with VerifierServer(SETUP + "\nshared = []\n") as server:
        first = server.verify([("double", "shared.append(1)\n" + CORRECT, TESTS)], timeout=10)
        second = server.verify([("double", CORRECT, "assert shared == []\n" + TESTS)], timeout=10)
        server.close()  # a closed verifier starts a new process when asked again
        third = server.verify([("double", "def double(x):\n    return 42", TESTS)], timeout=10)
    assert first["double"].passed and second["double"].passed
    assert not third["double"].passed and "should be a numpy array" in third["double"].message
