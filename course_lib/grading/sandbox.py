"""The verifier's child process: grade one exercise in a fresh interpreter.

Run as ``python -I -m course_lib.grading.sandbox RESULT_FD`` by `course_lib.grading.verifier`,
which writes one JSON job to stdin: ``nonce``, ``setup`` (trusted code: the source notebook's
setup cells), ``answer`` (the student's answer cell), ``tests`` (the source's test cell, with
hidden tests), ``protected`` (folders and files the student may not open) and the resource
limits. Nothing of the job ever touches the disk.

Order of events, and why a student's code cannot forge a pass:

1. The job is read from stdin, which is then closed; the nonce lives only in a local variable
   of `main`, and every function this module needs later is bound to a local beforehand.
2. The setup runs (trusted, before any student code) and numpy's submodules are imported;
   then the identity of every attribute of numpy, numpy.linalg, numpy.random, math,
   builtins, os, traceback, this module and every course_lib module, and of every name the
   setup defined, is recorded. Those modules are switched to a module class
   that refuses to replace an existing attribute.
3. An audit hook is installed (it cannot be removed): it refuses opening the protected paths
   and anything under /proc (this process's memory), starting processes, sending signals,
   networking, ctypes, and the introspection that would reach `main`'s locals (frames,
   tracebacks' frames, generator frames, the garbage collector's object lists, tracing).
4. The student's answer runs, then the tests; after each, the recorded identities are
   compared again: anything replaced is tampering, and the exercise fails.
5. Only then is ``nonce``, pass or fail, and the last line of the failure written to
   RESULT_FD, a pipe only the parent reads, and the process ends with ``os._exit`` (no
   ``atexit`` handler of the student's runs). A student who writes to the pipe first
   corrupts the message, and the parent fails the exercise; without the nonce no message
   is accepted.

This is a defence in depth inside one interpreter, not an operating-system sandbox: the
limits (memory, CPU time, wall-clock time, no output kept) are what the parent enforces
from outside.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import resource
import signal
import sys
import traceback
import types

#: Modules whose attributes a student's code may not replace (plus every course_lib module).
WATCHED_MODULES = (
    "numpy",
    "numpy.linalg",
    "numpy.random",
    "math",
    "builtins",
    "os",
    "traceback",
    __name__,
)
#: Audit events refused once the student's code runs.
REFUSED_EVENTS = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.kill",
        "os.killpg",
        "pty.spawn",
        "sys._getframe",
        "sys._current_frames",
        "sys._current_exceptions",
        "sys.settrace",
        "sys.setprofile",
        "gc.get_objects",
        "gc.get_referrers",
        "gc.get_referents",
        "socket.__new__",
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.addressof",
        "ctypes.string_at",
        "ctypes.wstring_at",
        "ctypes.cdata",
        "ctypes.call_function",
    }
)
#: Imported before the student's code runs: importing them later would need frame access
#: (``collections.namedtuple`` calls ``sys._getframe``), which is refused by then.
PRELOADED_MODULES = ("numpy.random", "numpy.linalg", "numpy.fft", "numpy.polynomial")
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back"})
MESSAGE_LIMIT = 500


class Refused(PermissionError):
    """An operation the grader does not allow while a student's code runs."""


class _GuardedModule(types.ModuleType):
    """A module whose existing attributes cannot be replaced or deleted."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.__dict__ and self.__dict__[name] is not value:
            raise Refused(f"tampering: {self.__name__}.{name} may not be replaced")
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        raise Refused(f"tampering: {self.__name__}.{name} may not be deleted")


def watched_modules() -> list[types.ModuleType]:
    """The modules whose attributes are guarded, among those imported."""
    names = [*WATCHED_MODULES, *(n for n in sys.modules if n.split(".")[0] == "course_lib")]
    return [sys.modules[name] for name in dict.fromkeys(names) if name in sys.modules]


def snapshot(modules: list[types.ModuleType], namespace: dict) -> dict:
    """(module name or "<setup>", attribute) -> the object it is bound to."""
    taken = {(module.__name__, k): v for module in modules for k, v in vars(module).items()}
    taken.update({("<setup>", name): value for name, value in namespace.items()})
    return taken


def tampering(before: dict, modules: list[types.ModuleType], namespace: dict) -> str:
    """The first recorded binding that is no longer the same object, as a message, or ""."""
    now = snapshot(modules, namespace)
    for key, value in before.items():
        if key not in now or now[key] is not value:
            where, name = key
            what = f"the setup name {name!r}" if where == "<setup>" else f"{where}.{name}"
            done = "was deleted" if key not in now else "was replaced"
            return f"tampering: {what} {done}"
    return ""


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def make_audit_hook(protected: tuple[str, ...]):
    """An audit hook refusing `REFUSED_EVENTS`, frame access and opening ``protected``."""
    realpath, fspath, refused_events = os.path.realpath, os.fsdecode, REFUSED_EVENTS
    roots = (*protected, "/proc")

    def hook(event: str, args: tuple) -> None:
        if event in refused_events or event.startswith("os.exec"):
            raise Refused(f"refused while grading: {event}")
        if event == "object.__getattr__" and args[1] in FRAME_ATTRIBUTES:
            raise Refused(f"refused while grading: access to {args[1]}")
        if event == "open" and isinstance(args[0], (str, bytes)):
            if _inside(realpath(fspath(args[0])), roots):
                raise Refused("refused while grading: open of a protected file")

    return hook


def last_line(error: BaseException) -> str:
    """The final line of an exception's report, shortened: never its traceback."""
    line = traceback.format_exception_only(type(error), error)[-1].strip()
    return line[:MESSAGE_LIMIT]


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    result_fd = int(sys.argv[1])
    raw = sys.stdin.buffer.read()
    os.close(0)
    job = json.loads(raw)
    del raw
    nonce = job.pop("nonce")
    write, exit_now, compile_code, run = os.write, os._exit, builtins.compile, builtins.exec
    check_tampering, describe = tampering, last_line
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _limit_resources(job["memory_bytes"], job["cpu_seconds"])
    namespace: dict = {"__name__": "__main__"}
    run(compile_code(job["setup"], "<setup>", "exec"), namespace)  # trusted, before the hook
    for name in PRELOADED_MODULES:
        importlib.import_module(name)
    modules = watched_modules()
    before = snapshot(modules, namespace)
    for module in modules:
        module.__class__ = _GuardedModule
    sys.addaudithook(make_audit_hook(tuple(job["protected"])))
    passed, message = False, ""
    for stage in ("answer", "tests"):
        try:
            run(compile_code(job[stage], f"<{stage}>", "exec"), namespace)
        except BaseException as error:  # SystemExit and KeyboardInterrupt fail it too
            message = f"{stage}: {describe(error)}"
            break
        message = check_tampering(before, modules, namespace)
        if message:
            break
    else:
        passed = True
    write(result_fd, f"{nonce}\n{'pass' if passed else 'fail'}\n{message}".encode())
    exit_now(0)


if __name__ == "__main__":
    main()
