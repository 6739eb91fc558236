"""Grade one exercise: a fresh child in the sandbox, the source's test cell here.

The wall-clock time limit covers the student's share: running the answer cells, every call
into the child and the test cell's own work. Starting the child is the sandbox's work (the
first exercise of a submission starts its zygote, which imports numpy and matplotlib) and has
limits of its own, so a loaded machine cannot cost a correct answer its marks. The limit is
enforced by the deadline of every read from the child and, in the main thread, by a timer
signal that interrupts the test cell (only the harness's own code runs in this process, so
the signal is safe here).
"""

from __future__ import annotations

import contextlib
import io
import signal
import socket
import threading
import time
import traceback
import warnings
from dataclasses import dataclass

import numpy as np

from course_lib.grading.harness.proxies import make_proxy
from course_lib.grading.harness.stubs import compiled_library, stand_in, stubbed_objects
from course_lib.grading.sandbox.student_processes import SandboxFailed, StudentProcesses
from course_lib.grading.wire.channel import ChannelClosed, ChannelTimeout, WireError
from course_lib.grading.wire.mirror import HARNESS, Mirror, library_class
from course_lib.grading.wire.peer import Peer
from course_lib.own_work import left_to_grader, violation_message

MESSAGE_LIMIT = 500
#: The largest message accepted from the student's process.
STUDENT_MESSAGE_LIMIT = 256 * 1024**2


@dataclass(frozen=True)
class Verdict:
    """Whether the exercise passed, and why not (one line, never a traceback)."""

    passed: bool
    message: str = ""


class ExerciseTimeout(BaseException):
    """The exercise ran past its time limit (a BaseException: no test code catches it)."""


def grade_exercise(
    processes: StudentProcesses,
    grade_id: str,
    *,
    setup: str,
    answers: list[tuple[str, str]],
    tests: str,
    timeout: float,
) -> Verdict:
    """Run ``tests`` against the student's ``answers`` (grade_id, source; in notebook order,
    ending with this exercise's), in a child of ``processes``.

    Returns:
        passed when the test cell raised nothing. Otherwise the reason: the stage ("answer"
        or "tests") and the last line of the failure, the rule's sentence when the student's
        code used one of the exercise's references, or what stopped the child.
    """
    try:
        sock = processes.child(timeout)
    except SandboxFailed as error:
        return Verdict(False, str(error))
    deadline = time.monotonic() + timeout
    peer = _peer(sock, grade_id, deadline)
    try:
        with _time_limit(deadline):
            verdict = _run(peer, grade_id, setup, answers, tests, processes.library_root)
        return Verdict(verdict.passed, without_test_code(verdict.message, tests))
    except (ExerciseTimeout, ChannelTimeout):
        return Verdict(False, f"timed out after {timeout:g} s")
    except ChannelClosed:
        return Verdict(False, _stopped(peer, grade_id))
    except WireError as error:
        return Verdict(False, f"the process running your code sent malformed data: {error}")
    finally:
        with contextlib.suppress(OSError, WireError):
            peer.close()
        peer.mirror.close()
        sock.close()
        processes.reap()


def _run(
    peer: Peer,
    grade_id: str,
    setup: str,
    answers: list[tuple[str, str]],
    tests: str,
    library_root: str,
) -> Verdict:
    start = (compiled_library(grade_id), setup, tuple(answers), library_root)
    peer.send("start", start)
    kind, body = peer.receive()
    if kind != "ready":
        raise WireError("the student's process did not start")
    defined, answer_errors = body
    errors = dict(answer_errors)
    if grade_id in errors:
        name, message = errors[grade_id]
        return Verdict(False, _line(f"answer: {name}: {message}" if message else f"answer: {name}"))
    namespace: dict = {"__name__": "__main__"}
    with _quiet():
        exec(compile(setup, "<setup>", "exec"), namespace)
    for name, value in defined:
        namespace.setdefault(name, value)  # the setup's names stay the trusted ones
    try:
        with _quiet(), left_to_grader():
            exec(compile(tests, f"<{grade_id}_tests>", "exec"), namespace)
    except (WireError, ChannelTimeout, ExerciseTimeout):
        raise
    except Exception as error:
        return Verdict(False, _violation(peer, grade_id) or _line("tests: " + _last_line(error)))
    return Verdict(True)


def _peer(sock: socket.socket, grade_id: str, deadline: float) -> Peer:
    holder: list[Peer] = []
    stubbed = stubbed_objects(grade_id)
    mirror = Mirror(
        HARNESS,
        make_proxy=lambda shared_id, info: make_proxy(holder[0], info),
        may_hand_out=callable,
        as_library_class=lambda value: library_class(value, allow_subclass=True),
        named=lambda value: id(value) not in stubbed,
        stand_in=stand_in(grade_id),
    )

    def answer_call(kind: str, body: object) -> object:
        """The student's code calling a function the tests handed it."""
        if kind != "call" or not mirror.gave_out(body[0]):
            raise PermissionError("the tests' objects can only be called")
        target, args, kwargs = body
        with _quiet():
            return target(*args, **dict(kwargs))

    peer = Peer(sock, mirror, answer_call, limit=STUDENT_MESSAGE_LIMIT)
    peer.deadline = deadline
    holder.append(peer)
    return peer


def _violation(peer: Peer, grade_id: str) -> str | None:
    """The rule's sentence when the child's last message noted that one of the exercise's
    stubbed references was called."""
    used = peer.last_header.get("v")
    if isinstance(used, list) and used and isinstance(used[0], str):
        return violation_message(grade_id, used[0][:200])
    return None


def _stopped(peer: Peer, grade_id: str) -> str:
    return _violation(peer, grade_id) or (
        "the process running your code ended early (it exited, crashed, or ran out of "
        "memory or CPU time)"
    )


@contextlib.contextmanager
def _time_limit(deadline: float):
    """Interrupt the block at ``deadline`` with ExerciseTimeout (main thread only; elsewhere
    the deadlines of the reads alone apply)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ExerciseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(1e-3, deadline - time.monotonic()))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _quiet():
    """The harness's own output while a test cell runs is nobody's business."""
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        yield


def without_test_code(message: str, tests: str) -> str:
    """``message``, unless it quotes a line of the test cell (hidden tests must not reach the
    feedback): then a generic message."""
    lines = {line.strip() for line in tests.splitlines() if len(line.strip()) >= 8}
    if any(line in message for line in lines):
        return "tests: the tests failed"
    return message


def _last_line(error: BaseException) -> str:
    return traceback.format_exception_only(type(error), error)[-1].strip()


def _line(text: str) -> str:
    return text[:MESSAGE_LIMIT]
