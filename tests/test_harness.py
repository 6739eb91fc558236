"""The harness against answers that try to make it say "pass" from the student's side.

Each test grades one small exercise with `grade_exercise`, the same call `course autograde`
makes: the answer runs in a fresh child of the session's sandbox, the test cell here. The
test cell checks ``double`` (2 x) with `course_lib.checks`, so a wrong answer can only pass if
something in the child could change what the harness computes or decides.
"""

from __future__ import annotations

import time

import pytest

from course_lib.grading.harness.session import grade_exercise, without_test_code

SETUP = """import numpy as np
from course_lib.checks import check_close"""
TESTS = """got = double(np.array([1.0, 2.0]))
check_close("double([1, 2])", got, np.array([2.0, 4.0]))"""
CORRECT = "def double(x):\n    return 2.0 * np.asarray(x, dtype=float)\n"
WRONG = "def double(x):\n    return np.asarray(x, dtype=float)\n"


def grade(processes, answer: str, *, tests: str = TESTS, earlier=(), timeout: float = 20.0):
    return grade_exercise(
        processes,
        "double",
        setup=SETUP,
        answers=[*earlier, ("double", answer)],
        tests=tests,
        timeout=timeout,
    )


def test_a_correct_answer_passes(student_processes):
    assert grade(student_processes, CORRECT).passed


class SlowToStart:
    """Student processes whose sandbox takes ``seconds`` to give a child, as a loaded
    machine's first exercise of a submission does (the zygote imports numpy)."""

    def __init__(self, processes, seconds: float) -> None:
        self.processes, self.seconds = processes, seconds

    def child(self, seconds: float):
        time.sleep(self.seconds)
        return self.processes.child(seconds)

    def __getattr__(self, name: str):
        return getattr(self.processes, name)


def test_a_slow_sandbox_start_is_not_counted_against_the_answer(student_processes):
    verdict = grade(SlowToStart(student_processes, 3.0), CORRECT, timeout=2.0)
    assert verdict.passed, verdict.message


def test_a_wrong_answer_fails_with_the_checks_message(student_processes):
    verdict = grade(student_processes, WRONG)
    assert not verdict.passed
    assert verdict.message.startswith("tests: ") and "double([1, 2])" in verdict.message


@pytest.mark.parametrize(
    "noise",
    [
        "print('working on it')",
        "import sys; print('debug', file=sys.stderr)",
        "import warnings; warnings.warn('careful')",
        "np.log(np.zeros(1))",  # a RuntimeWarning from numpy
        "import os; os.write(2, b'raw bytes on stderr')",
    ],
)
def test_a_correct_answer_keeps_its_marks_whatever_it_prints_or_warns(student_processes, noise):
    answer = f"def double(x):\n    {noise}\n    return 2.0 * np.asarray(x, dtype=float)\n"
    verdict = grade(student_processes, answer)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(
    "tampering",
    [
        # What the checks use, replaced in the child: the harness's numpy is another process's.
        "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True",
        "np.testing.assert_allclose = lambda *a, **k: None",
        "import builtins\nbuiltins.isinstance = lambda *a: True",
        "import course_lib.checks\ncourse_lib.checks.check_close = lambda *a, **k: None",
        "import sys\nsys.modules['course_lib.checks'] = None",
        "np.ndarray.__eq__ = lambda self, other: True",
    ],
)
def test_tampering_in_the_child_does_not_help_a_wrong_answer(student_processes, tampering):
    verdict = grade(student_processes, f"{tampering}\n{WRONG}")
    assert not verdict.passed, verdict.message  # a child broken by its tampering fails too


@pytest.mark.parametrize(
    "fake",
    [
        # An object that claims to equal everything and to be the right array.
        "class Anything:\n"
        "    shape = (2,)\n"
        "    dtype = np.dtype(float)\n"
        "    def __eq__(self, other): return True\n"
        "    def __array__(self, dtype=None, copy=None): return np.array([2.0, 4.0])\n"
        "    def __float__(self): return 2.0\n"
        "    def __len__(self): return 2\n",
        # An ndarray subclass whose comparisons always agree.
        "class Agreeable(np.ndarray):\n"
        "    def __eq__(self, other): return np.ones(2, dtype=bool)\n"
        "    def __sub__(self, other): return np.zeros(2)\n",
    ],
)
def test_an_object_faking_the_answer_earns_nothing(student_processes, fake):
    name = fake.split()[1].split("(")[0].rstrip(":")
    make = f"{name}()" if name == "Anything" else f"np.zeros(2).view({name})"
    answer = f"{fake}\ndef double(x):\n    return {make}\n"
    verdict = grade(student_processes, answer)
    assert not verdict.passed, verdict.message


FORGERIES = {
    # Every descriptor the child has, written with what a "pass" might look like.
    "raw socket writes": (
        "import os\n"
        "for fd in range(3, 256):\n"
        "    try:\n"
        '        os.write(fd, b\'\\x00\\x00\\x00\\x10{"k":"pass"}\')\n'
        "    except OSError:\n"
        "        pass\n"
    ),
    # The child's own end of the channel, found through the garbage collector, asked to tell
    # the harness anything at all in place of the answer.
    "the child's peer": (
        "import gc\n"
        "from course_lib.grading.wire.peer import Peer\n"
        "for peer in [o for o in gc.get_objects() if isinstance(o, Peer)]:\n"
        "    peer.send('ok', True)\n"
        "    peer.send('verdict', 'pass')\n"
    ),
    # Frames of the child, walked from a signal handler for anything named like a result.
    "frames from a signal handler": (
        "import signal\n"
        "def handler(signum, frame):\n"
        "    while frame is not None:\n"
        "        for key in list(frame.f_locals):\n"
        "            if key in ('verdict', 'passed', 'result'):\n"
        "                frame.f_locals[key] = True\n"
        "        frame = frame.f_back\n"
        "signal.signal(signal.SIGUSR1, handler)\n"
        "signal.raise_signal(signal.SIGUSR1)\n"
    ),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forging_messages_from_the_child_fails(student_processes, forgery):
    body = "\n".join("    " + line for line in FORGERIES[forgery].splitlines())
    answer = f"def double(x):\n{body}\n    return np.asarray(x, dtype=float)\n"
    verdict = grade(student_processes, answer)
    assert not verdict.passed, verdict.message


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("import sys\n    sys.exit(0)", "tests: SystemExit"),
        ("raise KeyboardInterrupt", "tests: KeyboardInterrupt"),
        ("import os\n    os._exit(0)", "ended early"),
        ("import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)", "ended early"),
        ("raise MemoryError('too big')", "tests: MemoryError: too big"),
        ("return np.ones(10**10)", "tests: MemoryError"),
        ("while True:\n        pass", "timed out after 3 s"),
        (
            "import time\n    while True:\n        try:\n            time.sleep(1)\n"
            "        except BaseException:\n            pass",
            "timed out after 3 s",
        ),
    ],
)
def test_an_answer_that_ends_its_process_says_so(student_processes, ending, expected):
    answer = f"def double(x):\n    {ending}\n"
    verdict = grade(student_processes, answer, timeout=3.0)
    assert not verdict.passed
    assert expected in verdict.message, verdict.message


def test_an_answer_cell_that_fails_is_reported_as_the_answers_failure(student_processes):
    verdict = grade(student_processes, "def double(x):\n    return x +\n")
    assert not verdict.passed and verdict.message.startswith("answer: SyntaxError")
    verdict = grade(student_processes, "raise ValueError('not yet')\n" + CORRECT)
    assert verdict.message == "answer: ValueError: not yet"


def test_earlier_answers_run_first_so_an_answer_may_call_them(student_processes):
    earlier = [("times", "def times(x, k):\n    return k * np.asarray(x, dtype=float)\n")]
    verdict = grade(student_processes, "def double(x):\n    return times(x, 2)\n", earlier=earlier)
    assert verdict.passed, verdict.message


def test_an_earlier_answer_that_fails_does_not_stop_the_graded_one(student_processes):
    earlier = [("broken", "raise RuntimeError('unfinished')\n")]
    assert grade(student_processes, CORRECT, earlier=earlier).passed


def test_each_exercise_starts_in_a_fresh_process(student_processes):
    marking = "np.left_behind = True\n" + CORRECT
    assert grade(student_processes, marking).passed
    checking = (
        "def double(x):\n"
        "    if hasattr(np, 'left_behind'):\n"
        "        return np.zeros(2)\n"
        "    return 2.0 * np.asarray(x, dtype=float)\n"
    )
    assert grade(student_processes, checking).passed


def test_the_setup_names_stay_the_harnesss(student_processes):
    # An answer cell that rebinds a setup name changes it in the child only.
    answer = "def check_close(*args, **kwargs):\n    pass\n" + WRONG
    assert not grade(student_processes, answer).passed


def test_callables_from_the_tests_are_called_back_in_the_harness(student_processes):
    tests = """calls = []
def f(v):
    calls.append(float(v))
    return 3.0 * v
got = apply_twice(f, 1.0)
assert type(got) is float and got == 9.0, got
assert calls == [1.0, 3.0], calls"""
    answer = "def apply_twice(f, v):\n    return f(f(v))\n"
    verdict = grade_exercise(
        student_processes, "apply_twice", setup=SETUP, answers=[("apply_twice", answer)],
        tests=tests, timeout=20.0,
    )  # fmt: skip
    assert verdict.passed, verdict.message


def test_changes_the_student_makes_to_the_tests_arrays_are_seen_by_the_tests(student_processes):
    tests = """x = np.zeros(3)
fill(x)
check_close("x after fill", x, np.arange(3.0))"""
    verdict = grade_exercise(
        student_processes, "fill", setup=SETUP,
        answers=[("fill", "def fill(x):\n    x[:] = np.arange(len(x))\n")],
        tests=tests, timeout=20.0,
    )  # fmt: skip
    assert verdict.passed, verdict.message


def test_failure_messages_never_quote_the_tests():
    tests = "got = double(secret_input)\nexpected = 12345\n"
    assert without_test_code("tests: failed at got = double(secret_input)", tests) == (
        "tests: the tests failed"
    )
    assert without_test_code("tests: ValueError: bad shape", tests) == (
        "tests: ValueError: bad shape"
    )


def test_a_failed_assertion_in_the_tests_is_reported_without_its_source(student_processes):
    tests = "got = double(np.array([1.0]))\nassert float(got[0]) == 2.0, 'double of one'\n"
    verdict = grade(student_processes, WRONG, tests=tests)
    assert verdict.message == "tests: AssertionError: double of one"
