"""One submission's sandbox: a zygote process that forks a fresh child for each exercise.

`StudentProcesses` starts ``python -I -c <boot>`` in the sandbox (or, with ``sandboxed=False``,
as a plain process: the explicit, marked exception), sends it the runtime modules' source
(`course_lib.grading.student_side`), and then, per exercise, asks it for a child connected to
a new socket (`child`) and, afterwards, to end every process of the sandbox but itself
(`reap`). Whatever goes wrong (the zygote killed or stopped by a student's process, a start
that fails) closes the sandbox; the next `child` starts a new one.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.sandbox.launch import (
    ENVIRONMENT,
    Mounts,
    SandboxUnavailable,
    explain_failure,
    font_cache,
    sandboxed_command,
)
from course_lib.grading.student_side import RUNTIME_MODULES

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BOOT_SOURCE = (PACKAGE_DIR / "grading" / "student_side" / "boot.py").read_text()
#: Where the sandbox sees course_lib's data files (its only course files).
LIBRARY_ROOT = "/course_lib"
WORK_ROOT = "/tmp/work"
#: Seconds for the zygote to start (importing numpy and matplotlib) and answer a request.
START_SECONDS = 60.0
REQUEST_SECONDS = 10.0


@dataclass(frozen=True)
class Limits:
    """What one exercise's child may use."""

    memory_bytes: int = 2 * 1024**3
    processes: int = 64  # for the whole sandbox, threads included
    file_bytes: int = 64 * 1024**2
    open_files: int = 256
    tmp_bytes: int = 256 * 1024**2


class SandboxFailed(RuntimeError):
    """The sandbox stopped answering or could not start."""


class StudentProcesses:
    """The student's processes of one submission.

    Args:
        sandboxed: start them in the sandbox (False: as plain processes, unprotected).
        limits: the children's limits.
    """

    def __init__(self, *, sandboxed: bool = True, limits: Limits = Limits()) -> None:
        self.sandboxed, self.limits = sandboxed, limits
        self._process: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._stderr = None
        self._ready = False  # the zygote answered once: its imports are done

    @property
    def library_root(self) -> str:
        """Where the children find course_lib's data files."""
        return LIBRARY_ROOT if self.sandboxed else str(PACKAGE_DIR)

    def child(self, seconds: float) -> socket.socket:
        """A new child of the zygote, connected to the returned socket; its CPU time is
        limited to ``seconds`` (rounded up)."""
        if self._process is None:
            self._start()
        ours, theirs = socket.socketpair()
        limits = {
            "memory_bytes": self.limits.memory_bytes,
            "cpu_seconds": max(1, int(seconds) + 1),
            "file_bytes": self.limits.file_bytes,
            "open_files": self.limits.open_files,
        }
        try:
            request = json.dumps({"do": "fork", "limits": limits}).encode()
            socket.send_fds(self._control, [request], [theirs.fileno()])
            self._answer()
        except (OSError, SandboxFailed) as error:
            ours.close()
            self.close()
            raise SandboxFailed(
                self._failure("could not start a process for the exercise")
            ) from error
        finally:
            theirs.close()
        return ours

    def reap(self) -> None:
        """End every process the last child left; close the sandbox if that fails."""
        if self._control is None:
            return
        try:
            self._control.sendall(b'{"do": "reap"}')
            self._answer()
        except (OSError, SandboxFailed):
            self.close()

    def close(self) -> None:
        """End the sandbox and everything in it."""
        if self._process is not None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self._process.kill()
            self._process.wait()
        if self._control is not None:
            self._control.close()
        if self._stderr is not None:
            self._stderr.close()
        self._process = self._control = self._stderr = None

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        program = [sys.executable, "-I", "-c", BOOT_SOURCE, str(theirs.fileno())]
        if self.sandboxed:
            data = ((str(PACKAGE_DIR / "data"), f"{LIBRARY_ROOT}/data"),)
            mounts = Mounts(read_only=data + font_cache())
            command = sandboxed_command(program, mounts, tmp_bytes=self.limits.tmp_bytes)
            environment = None
        else:
            command = program
            environment = {**ENVIRONMENT, "PATH": os.environ.get("PATH", ENVIRONMENT["PATH"])}
            environment.pop("MPLCONFIGDIR")
            environment["HOME"] = os.environ.get("HOME", "/tmp")
        self._stderr = tempfile.TemporaryFile()  # closed with the sandbox
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=(theirs.fileno(),),
                env=environment,
                start_new_session=True,
            )
        except OSError as error:
            raise SandboxUnavailable(f"the sandbox could not be started: {error}") from None
        finally:
            theirs.close()
        self._control, self._ready = ours, False
        start = {
            "modules": _runtime_modules(),
            "settings": {
                "processes": self.limits.processes if self.sandboxed else None,
                "own_pid_namespace": self.sandboxed,
                "work_root": WORK_ROOT if self.sandboxed else tempfile.mkdtemp(prefix="course-"),
            },
        }
        data = json.dumps(start).encode()
        try:
            self._control.sendall(struct.pack("!Q", len(data)) + data)
        except OSError:
            self.close()
            raise SandboxFailed(self._failure("the sandbox did not start")) from None

    def _answer(self) -> dict:
        self._control.settimeout(REQUEST_SECONDS if self._ready else START_SECONDS)
        try:
            data = self._control.recv(65536)
        except TimeoutError:
            raise SandboxFailed("the sandbox did not answer in time") from None
        if not data:
            raise SandboxFailed("the sandbox ended")
        self._ready = True
        return json.loads(data)

    def _failure(self, what: str) -> str:
        """``what``, with bubblewrap's explanation when it printed one."""
        if self._stderr is None:
            return what
        self._stderr.seek(0)
        printed = self._stderr.read(4096).decode("utf-8", "replace")
        if "bwrap" in printed:
            return explain_failure(printed)
        return what

    def __enter__(self) -> StudentProcesses:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@functools.cache
def _runtime_modules() -> tuple[tuple[str, bool, str], ...]:
    """(name, is a package, source) of each runtime module, read once per process."""
    modules = []
    for name, is_package in RUNTIME_MODULES:
        relative = Path(*name.split(".")[1:])
        path = relative / "__init__.py" if is_package else relative.with_suffix(".py")
        modules.append((name, is_package, (PACKAGE_DIR / path).read_text()))
    return tuple(modules)
