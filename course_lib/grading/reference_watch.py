"""The verifier's version of `course_lib.own_work`: a watcher that the student's code cannot
switch off, fool or reset.

In the verifier's forked child (`course_lib.grading.sandbox`) the exercise is known before
any student code runs, so the watcher is built once, from values only: the ids of the code
objects of the exercise's references, the compiled answer cell, the compiled test cell and the
lines of the test cell that lie inside ``with own_work(...)`` blocks. It is installed with
``sys.setprofile`` before the audit hook, which then refuses ``sys.setprofile``, replacing a
function's defaults and replacing module attributes (``threading``'s included), so it stays as
it is. Its state lives in its default arguments (an immutable tuple of immutable values); there
is nothing to clear.

A reference's code starting to run is a violation when the call comes, at any depth, from the
answer cell's own top-level code (a value computed while the answer is defined), from a line
of the test cell inside an ``own_work`` block (the tests running the student's code, also
through a helper function the test cell defines and calls), or from
a thread other than the main one. Then the watcher writes the reference's name to the result
pipe and the process ends at once with exit status `OWN_WORK_EXIT`, before the reference has
done anything; the parent turns that into the exercise's one-sentence rule, worded as in the
notebook. The test cell's own calls of the reference, outside the blocks,
are not violations.
"""

from __future__ import annotations

import _thread
import ast
import os
import types
from collections.abc import Callable

from course_lib.exercise_references import EXERCISE_REFERENCES
from course_lib.own_work import nested_code, watched_ids

#: Exit status of a verifier process whose student code used one of the exercise's references.
OWN_WORK_EXIT = 87
REPORT_PREFIX = "own-work: "
BLOCK_FUNCTION = "own_work"

Watcher = Callable[[types.FrameType, str, object], None]


def block_lines(tests_source: str) -> frozenset[int]:
    """The line numbers of ``tests_source`` inside the bodies of ``with own_work(...)``."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(tests_source)):
        if isinstance(node, ast.With) and any(map(_is_block, node.items)):
            first, last = node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno
            lines.update(range(first, last + 1))
    return frozenset(lines)


def _is_block(item: ast.withitem) -> bool:
    call = item.context_expr
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == BLOCK_FUNCTION
    )


def watched_for(grade_id: str) -> dict[int, str]:
    """`course_lib.own_work.watched_ids` of an exercise of the course; nothing for any other
    exercise (one outside the course has no references)."""
    return watched_ids(grade_id) if grade_id in EXERCISE_REFERENCES else {}


def make_watcher(
    grade_id: str,
    answer_code: types.CodeType,
    tests_code: types.CodeType,
    tests_source: str,
    report_fd: int,
) -> Watcher:
    """A profile function enforcing the rule for ``grade_id`` (see the module docstring).

    Args:
        grade_id: the exercise being verified.
        answer_code: the compiled answer cell, exactly the object that will be executed.
        tests_code: the compiled test cell, exactly the object that will be executed.
        tests_source: the test cell's source, to find its ``own_work`` blocks.
        report_fd: where to write `violation_report` of the reference used before exiting.
    """
    state = (
        types.MappingProxyType(watched_for(grade_id)),
        answer_code,
        frozenset(map(id, nested_code(tests_code))),
        block_lines(tests_source),
        _thread.get_ident(),
        _thread.get_ident,
        report_fd,
        os.write,
        os._exit,
    )

    def watch(frame: types.FrameType, event: str, arg: object, state: tuple = state) -> None:
        forbidden, answer, tests, lines, main_thread, thread_id, fd, write, exit_now = state
        if event != "call":
            return
        name = forbidden.get(id(frame.f_code))
        if name is None:
            return
        violation = thread_id() != main_thread
        caller = frame.f_back
        while caller is not None and not violation:
            code = caller.f_code
            violation = code is answer or (id(code) in tests and caller.f_lineno in lines)
            caller = caller.f_back
        if violation:
            write(fd, violation_report(name))
            exit_now(OWN_WORK_EXIT)

    return watch


def violation_report(name: str) -> bytes:
    """What the watcher writes before exiting: which reference ran."""
    return f"{REPORT_PREFIX}{name}".encode()


def reported_reference(received: bytes, grade_id: str) -> str | None:
    """The reference named by a `violation_report`, if it is one of ``grade_id``'s."""
    text = received.decode("utf-8", "replace")
    name = text.removeprefix(REPORT_PREFIX)
    known = EXERCISE_REFERENCES.get(grade_id, ())
    return name if text.startswith(REPORT_PREFIX) and name in known else None
