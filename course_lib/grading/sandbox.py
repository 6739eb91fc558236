"""Grade one exercise in a forked child of the verifier's process, under guard.

`course_lib.grading.verifier_process` runs the trusted setup cells once, then forks one child
per exercise and calls `grade_here` in it with the exercise's ``nonce``, ``grade_id``,
``answer`` (the student's answer cell) and ``tests`` (the source's test cell, with hidden
tests), the paths the student may not open, and a pipe for the result. Nothing of the job
ever touches the disk.

Order of events in the child, and why a student's code cannot forge a pass:

1. The nonce lives only in a local variable of `grade_here`, and every function needed later
   is bound to a local beforehand.
2. The answer and the tests are compiled, and the watcher of
   `course_lib.grading.reference_watch` is installed for good (``sys.setprofile``): it ends
   the process with its own exit status when the student's code runs one of the exercise's
   references. Then the identity of every attribute of numpy, numpy.linalg, numpy.random,
   math, builtins, os, traceback, threading, this module and every course_lib module, and of
   every name the setup defined, is recorded. Those modules are switched to a module class
   that refuses to replace an existing attribute.
3. An audit hook is installed (it cannot be removed): it refuses opening the protected paths
   and anything under /proc (this process's memory), starting processes, sending signals,
   networking, ctypes, replacing a function's code or defaults, and the introspection that
   would reach `grade_here`'s locals (frames, tracebacks' frames, generator frames, the
   garbage collector's object lists, tracing and profiling).
4. The student's answer runs, then the tests; after each, the recorded identities are
   compared again: anything replaced is tampering, and the exercise fails.
5. Only then is ``nonce``, pass or fail, and the last line of the failure written to the
   result pipe, which only the verifier's process reads, and the child ends with
   ``os._exit`` (no ``atexit`` handler of the student's runs). A student who writes to the
   pipe first corrupts the message, and the exercise fails; without the nonce no message is
   accepted.

This is a defence in depth inside one interpreter, not an operating-system sandbox: the
limits (memory, CPU time, wall-clock time, no output kept) are what the parent enforces
from outside.
"""

from __future__ import annotations

import builtins
import os
import resource
import sys
import threading
import traceback
import types

from course_lib.grading.reference_watch import make_watcher
from course_lib.own_work import leave_to_grader

#: Modules whose attributes a student's code may not replace (plus every course_lib module).
WATCHED_MODULES = (
    "numpy",
    "numpy.linalg",
    "numpy.random",
    "math",
    "builtins",
    "os",
    "traceback",
    "threading",
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
#: Function attributes that decide what a function runs: replacing them would turn a library
#: function (a check, a reference) into another one while keeping its identity.
FUNCTION_INTERNALS = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
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
        if event == "object.__getattr__":  # the most frequent event: the watcher's f_code
            if args[1] in FRAME_ATTRIBUTES:
                raise Refused(f"refused while grading: access to {args[1]}")
            return
        if event in refused_events or event.startswith("os.exec"):
            raise Refused(f"refused while grading: {event}")
        if event == "object.__setattr__" and args[1] in FUNCTION_INTERNALS:
            raise Refused(f"tampering: a function's {args[1]} may not be replaced")
        if event == "open" and isinstance(args[0], (str, bytes)):
            if _inside(realpath(fspath(args[0])), roots):
                raise Refused("refused while grading: open of a protected file")

    return hook


def last_line(error: BaseException) -> str:
    """The final line of an exception's report, shortened: never its traceback."""
    line = traceback.format_exception_only(type(error), error)[-1].strip()
    return line[:MESSAGE_LIMIT]


def limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Limit this process's address space and CPU time; no core dumps."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def grade_here(exercise: dict, namespace: dict, protected: tuple[str, ...], result_fd: int) -> None:
    """Grade one exercise in this (forked, limited) process and end it; never returns.

    Args:
        exercise: ``nonce``, ``grade_id``, ``answer`` and ``tests``.
        namespace: the globals after the trusted setup cells ran.
        protected: paths the student's code may not open.
        result_fd: where the one message goes: ``nonce``, pass or fail, the failure's line.
    """
    nonce = exercise.pop("nonce")
    write, exit_now, run = os.write, os._exit, builtins.exec
    check_tampering, describe = tampering, last_line
    compiled = {}
    for stage in ("answer", "tests"):
        try:
            compiled[stage] = compile(exercise[stage], f"<{stage}>", "exec")
        except SyntaxError as error:
            write(result_fd, f"{nonce}\nfail\n{stage}: {describe(error)}".encode())
            exit_now(0)
    watch = make_watcher(
        exercise["grade_id"], compiled["answer"], compiled["tests"], exercise["tests"], result_fd
    )
    sys.setprofile(watch)
    threading.setprofile(watch)
    leave_to_grader()
    modules = watched_modules()
    before = snapshot(modules, namespace)
    for module in modules:
        module.__class__ = _GuardedModule
    sys.addaudithook(make_audit_hook(protected))
    passed, message = False, ""
    for stage in ("answer", "tests"):
        try:
            run(compiled[stage], namespace)
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
