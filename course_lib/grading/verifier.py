"""Grade exercises in a separate, limited process that sees only what the grade needs.

The trusted score of an exercise comes from a `VerifierServer`: a process that runs the
source notebook's setup cells once, then, for each exercise, forks a child that runs the
student's answer cell for that exercise only and the source's test cell with its hidden
tests (`course_lib.grading.verifier_process` and `course_lib.grading.sandbox` explain what
the children refuse and why their results cannot be forged). A grading worker keeps one for
all the submissions of a unit it grades (`verifier_for`). The parent here:

- sends the code and a random nonce per job over the process's stdin (no file the student
  could read);
- reads the verdicts from a pipe passed as an inherited file descriptor, and accepts them
  only when the message carries the job's nonce and a verdict for every exercise;
- throws the process's stdout and stderr away (megabytes of output cost nothing);
- kills the whole process group when a job runs past the time of all its exercises (plus the
  setup's, the first time); each child also runs under limits of address space (memory), CPU
  time and wall-clock time.

Anything else (a crash, a kill, a limit, a garbled message) fails the exercise with a reason.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.frames import read_frame, write_frame
from course_lib.grading.verifier_process import RESULT_LIMIT

DEFAULT_MEMORY_BYTES = 2 * 1024**3
#: Seconds allowed for starting the verifier's process and running the setup cells.
SETUP_SECONDS = 60.0
#: Environment of the child: one thread per numerical library, no display for matplotlib.
CHILD_ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
}


@dataclass(frozen=True)
class Verdict:
    """Whether the exercise passed in the verifier, and why not when it did not."""

    passed: bool
    message: str = ""


def verify_exercise(grade_id: str, setup: str, answer: str, tests: str, **options) -> Verdict:
    """`verify_exercises` for one exercise."""
    return verify_exercises(setup, [(grade_id, answer, tests)], **options)[grade_id]


def verify_exercises(
    setup: str,
    exercises: list[tuple[str, str, str]],
    *,
    protected: tuple[Path, ...] = (),
    timeout: float = 60.0,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> dict[str, Verdict]:
    """Run ``setup`` once, then each exercise's answer and tests in a limited child of its
    own, in a verifier process started for this call (`VerifierServer.verify`)."""
    with VerifierServer(setup, protected=protected, memory_bytes=memory_bytes) as server:
        return server.verify(exercises, timeout=timeout)


class VerifierServer:
    """A verifier process (`course_lib.grading.verifier_process`) that runs the setup once
    and then verifies the exercises of one submission after another.

    Args:
        setup: trusted source run first (the source notebook's setup cells).
        protected: files and folders the student's code may not open (hidden tests, the
            gradebook).
        memory_bytes: each exercise's address-space limit.
    """

    def __init__(
        self,
        setup: str,
        *,
        protected: tuple[Path, ...] = (),
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
    ) -> None:
        self.config = {
            "setup": setup,
            "protected": [os.path.realpath(path) for path in protected],
            "memory_bytes": int(memory_bytes),
        }
        self._process: subprocess.Popen | None = None
        self._read_end = -1
        self._folder: tempfile.TemporaryDirectory | None = None
        self._set_up = False

    def verify(
        self, exercises: list[tuple[str, str, str]], *, timeout: float
    ) -> dict[str, Verdict]:
        """Verify each exercise in a child of its own.

        Args:
            exercises: (grade_id, the student's answer cell, the test cell with hidden
                tests); the grade_ids are distinct, and each exercise's references may not
                run on behalf of its answer.
            timeout: seconds of wall-clock time per exercise before its child is killed.

        Returns:
            grade_id -> `Verdict`: passed only if the tests raised nothing and nothing was
            tampered with; otherwise the failure's last line (never a traceback), prefixed by
            the stage.
        """
        grade_ids = [grade_id for grade_id, _, _ in exercises]
        if not exercises:
            return {}
        nonce = secrets.token_hex(16)
        job = {
            "nonce": nonce,
            "timeout": float(timeout),
            "exercises": [
                {"grade_id": grade_id, "answer": answer, "tests": tests}
                for grade_id, answer, tests in exercises
            ],
        }
        allowance = 0.0 if self._set_up else SETUP_SECONDS
        deadline = time.monotonic() + allowance + len(exercises) * (timeout + 1)
        received = None
        try:
            write_frame(self._stdin(), json.dumps(job).encode())
            received = read_frame(self._read_end, deadline, RESULT_LIMIT * (len(exercises) + 1))
        except OSError:  # the process is gone: the next call starts another
            pass
        if received is None:
            self.close()
            return dict.fromkeys(grade_ids, Verdict(False, "the verifier stopped or ran too long"))
        self._set_up = True
        return _verdicts(received, nonce, grade_ids)

    def _stdin(self) -> int:
        """The process's stdin, starting the process (and sending the setup) if needed."""
        if self._process is None:
            self._folder = tempfile.TemporaryDirectory(prefix="course-verify-")
            read_end, write_end = os.pipe()
            try:
                self._process = subprocess.Popen(
                    [
                        sys.executable,
                        "-I",
                        "-m",
                        "course_lib.grading.verifier_process",
                        str(write_end),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(write_end,),
                    cwd=self._folder.name,
                    env={**_base_environment(), **CHILD_ENVIRONMENT},
                    start_new_session=True,
                )
            finally:
                os.close(write_end)
            self._read_end, self._set_up = read_end, False
            write_frame(self._process.stdin.fileno(), json.dumps(self.config).encode())
        return self._process.stdin.fileno()

    def close(self) -> None:
        """End the process and everything it started."""
        if self._process is None:
            return
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._process.stdin.close()
        self._process.wait()
        os.close(self._read_end)
        self._folder.cleanup()
        self._process = self._folder = None

    def __enter__(self) -> VerifierServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: The verifier process of this grading worker, for the unit it graded last.
_worker_server: dict[tuple[str, tuple[Path, ...]], VerifierServer] = {}


def verifier_for(setup: str, protected: tuple[Path, ...]) -> VerifierServer:
    """This process's verifier for ``setup`` (one unit), kept for the next submissions; the
    one of another unit is closed."""
    key = (setup, tuple(protected))
    if key not in _worker_server:
        close_worker_server()
        _worker_server[key] = VerifierServer(setup, protected=protected)
    return _worker_server[key]


@atexit.register
def close_worker_server() -> None:
    """Close the verifier kept by `verifier_for`, if any."""
    for server in _worker_server.values():
        server.close()
    _worker_server.clear()


def _verdicts(received: bytes, nonce: str, grade_ids: list[str]) -> dict[str, Verdict]:
    """Decode the verifier process's message: the nonce, then the list of verdicts."""
    head, _, body = received.decode("utf-8", "replace").partition("\n")
    try:
        found = {
            item["grade_id"]: Verdict(item["passed"], item["message"]) for item in json.loads(body)
        }
    except (ValueError, TypeError, KeyError):
        found = {}
    if head != nonce or set(found) != set(grade_ids):
        return dict.fromkeys(grade_ids, Verdict(False, "the verifier's answer was garbled"))
    return found


def _base_environment() -> dict[str, str]:
    """What the child inherits: where to find Python's tools and a home, nothing else."""
    return {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}


def without_test_code(message: str, tests: str) -> str:
    """``message``, unless it quotes a line of the test cell: then a generic message."""
    lines = {line.strip() for line in tests.splitlines() if len(line.strip()) >= 8}
    if any(line in message for line in lines):
        return "tests: the tests failed"
    return message
