"""Grade one exercise in a fresh, limited process that sees only what the grade needs.

The trusted score of an exercise comes from `verify_exercise`: a new interpreter runs the
source notebook's setup cells, then the student's answer cell for that exercise only, then the
source's test cell with its hidden tests (`course_lib.grading.sandbox` explains what the child
refuses and why its result cannot be forged). The parent here:

- sends the code and a random nonce over the child's stdin (no file the student could read);
- reads the result from a pipe passed as an inherited file descriptor, and accepts it only
  when it is exactly one message that starts with the nonce;
- throws the child's stdout and stderr away (megabytes of output cost nothing);
- kills the child's whole process group at the wall-clock timeout; the child also runs
  under limits of address space (memory) and CPU time.

Anything else (a crash, a kill, a limit, a garbled message) fails the exercise with a reason.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MEMORY_BYTES = 2 * 1024**3
RESULT_LIMIT = 4096
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


def verify_exercise(
    setup: str,
    answer: str,
    tests: str,
    *,
    protected: tuple[Path, ...] = (),
    timeout: float = 60.0,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> Verdict:
    """Run ``setup``, then ``answer``, then ``tests`` in a fresh limited process.

    Args:
        setup: trusted source run first (the source notebook's setup cells).
        answer: the student's answer cell.
        tests: the test cell, hidden tests included.
        protected: files and folders the child may not open (hidden tests, the gradebook).
        timeout: seconds of wall-clock time before the child is killed.
        memory_bytes: the child's address-space limit.

    Returns:
        A `Verdict`: passed only if the tests raised nothing and nothing was tampered with;
        otherwise the failure's last line (never a traceback), prefixed by the stage.
    """
    nonce = secrets.token_hex(16)
    job = {
        "nonce": nonce,
        "setup": setup,
        "answer": answer,
        "tests": tests,
        "protected": [os.path.realpath(path) for path in protected],
        "memory_bytes": int(memory_bytes),
        "cpu_seconds": max(1, int(timeout) + 1),
    }
    read_end, write_end = os.pipe()
    with tempfile.TemporaryDirectory(prefix="course-verify-") as empty_folder:
        try:
            child = subprocess.Popen(
                [sys.executable, "-I", "-m", "course_lib.grading.sandbox", str(write_end)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(write_end,),
                cwd=empty_folder,
                env={**_base_environment(), **CHILD_ENVIRONMENT},
                start_new_session=True,
            )
        finally:
            os.close(write_end)
        with os.fdopen(read_end, "rb") as result_pipe:
            try:
                child.communicate(json.dumps(job).encode(), timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(child)
                return Verdict(False, f"timed out after {timeout:g} s")
            finally:
                _kill_group(child)
            received = result_pipe.read(RESULT_LIMIT + 1)
    return _verdict(received, nonce, child.returncode)


def _base_environment() -> dict[str, str]:
    """What the child inherits: where to find Python's tools and a home, nothing else."""
    return {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}


def _kill_group(child: subprocess.Popen) -> None:
    """Kill the child and anything it started, then reap it."""
    if child.returncode is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()


def _verdict(received: bytes, nonce: str, returncode: int) -> Verdict:
    """Decode the child's message; anything but one well-formed message is a failure."""
    parts = received[:RESULT_LIMIT].decode("utf-8", "replace").split("\n", 2)
    if len(received) > RESULT_LIMIT or len(parts) != 3 or parts[0] != nonce:
        if returncode and returncode < 0:
            name = signal.Signals(-returncode).name
            return Verdict(False, f"the grading process was killed ({name}): a resource limit?")
        if not received:
            return Verdict(False, f"the grading process ended early (exit status {returncode})")
        return Verdict(False, "the grading process's result was tampered with")
    _, outcome, message = parts
    return Verdict(outcome == "pass", message)


def without_test_code(message: str, tests: str) -> str:
    """``message``, unless it quotes a line of the test cell: then a generic message."""
    lines = {line.strip() for line in tests.splitlines() if len(line.strip()) >= 8}
    if any(line in message for line in lines):
        return "tests: the tests failed"
    return message
