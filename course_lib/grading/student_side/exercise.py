"""A child of the zygote: the student's side of one exercise.

It limits itself, discards its output, and waits for the harness's ``start``: the library
compiled with the graded exercise's references stubbed out, the unit's setup cells, and the
student's answer cells up to and including the graded one, in notebook order. It runs them
(an answer cell that fails is recorded, and the rest run on), tells the harness the names the
answer cells defined, then answers the harness's calls until it is told ``bye`` or the socket
closes.
"""

from __future__ import annotations

import os
import resource
import socket
import sys

from ..wire.channel import WireError
from ..wire.mirror import STUDENT, HandleInfo, Mirror, library_class
from ..wire.peer import OPERATIONS, Peer, describe_error
from . import PLACEHOLDERS
from .memory_import import CompiledModule, install

#: The harness is trusted: its messages may be large (the library itself, graphs of 1e5 nodes).
HARNESS_MESSAGE_LIMIT = 1 << 30


def run(sock: socket.socket, limits: dict) -> None:
    """Serve one exercise, then end the process; never returns."""
    try:
        os.setsid()
        _limit(limits)
        _discard_output()
        peer = _peer(sock)
        kind, body = peer.receive()
        if kind != "start":
            raise WireError("the first message was not start")
        namespace, answer_errors = _start(body)
        setup_names = namespace.pop("__setup_names__")
        defined = tuple(
            (name, value)
            for name, value in namespace.items()
            if name not in setup_names and not name.startswith("__")
        )
        peer.send("ready", (defined, tuple(answer_errors.items())))
        while True:
            kind, body = peer.receive()
            if kind == "bye":
                break
            peer.answer(kind, body)
    except (WireError, OSError):
        pass  # the harness hung up or sent something unreadable: nothing more to serve
    finally:
        os._exit(0)  # never return into the zygote's code, whatever was raised


def _peer(sock: socket.socket) -> Peer:
    holder: list[Peer] = []

    def make_proxy(shared_id: int, info: HandleInfo) -> object:
        return HarnessFunction(holder, info)

    mirror = Mirror(
        STUDENT,
        make_proxy=make_proxy,
        may_hand_out=lambda value: True,
        as_library_class=lambda value: library_class(value, allow_subclass=False),
    )
    peer = Peer(sock, mirror, _handle, limit=HARNESS_MESSAGE_LIMIT, notes=_notes)
    peer.catch = BaseException  # SystemExit from the student's code is a failure, not an exit
    holder.append(peer)
    return peer


def _notes() -> dict:
    """The references whose stubs were called so far (`course_lib.own_work.off_limits`
    records them), so the harness can say why an exercise failed."""
    own_work = sys.modules.get("course_lib.own_work")
    used = getattr(own_work, "_used", None)
    return {"v": [str(name) for name in used[:3]]} if isinstance(used, list) and used else {}


def _start(body: object) -> tuple[dict, dict]:
    modules, setup, answers, root = body
    install([CompiledModule(*module) for module in modules], root, PLACEHOLDERS)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(setup, "<setup>", "exec"), namespace)
    namespace["__setup_names__"] = set(namespace)
    errors = {}
    for answer_id, source in answers:
        try:
            exec(compile(source, f"<answer {answer_id}>", "exec"), namespace)
        except BaseException as error:  # a failing cell does not stop the later ones
            errors[answer_id] = describe_error(error)
    return namespace, errors


def _handle(kind: str, body: object) -> object:
    """Carry out one request of the harness on this side's objects."""
    if kind == "call":
        target, args, kwargs = body
        return target(*args, **dict(kwargs))
    name, target, args = body
    if name not in OPERATIONS:
        raise WireError(f"an unknown operation {name!r:.20}")
    return OPERATIONS[name](target, *args)


class HarnessFunction:
    """The sandbox's stand-in for a function of the test's: calling it runs the function in
    the harness, with data."""

    def __init__(self, holder: list[Peer], info: HandleInfo) -> None:
        self._holder = holder
        self.__name__ = self.__qualname__ = info.type_name

    def __call__(self, *args, **kwargs):
        return self._holder[0].request("call", self, args, tuple(kwargs.items()))

    def __repr__(self) -> str:
        return f"<function of the tests: {self.__name__}>"


def _limit(limits: dict) -> None:
    """Address space, CPU time, file size, open files; no core dumps."""
    for name, value in (
        ("RLIMIT_AS", limits["memory_bytes"]),
        ("RLIMIT_CPU", limits["cpu_seconds"]),
        ("RLIMIT_FSIZE", limits["file_bytes"]),
        ("RLIMIT_NOFILE", limits["open_files"]),
        ("RLIMIT_CORE", 0),
    ):
        resource.setrlimit(getattr(resource, name), (value, value))


def _discard_output() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # kept for the process
