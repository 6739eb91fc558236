"""Grade exercises in a fresh, limited process that sees only what the grade needs.

The trusted score of an exercise comes from `verify_exercises`: a new interpreter runs the
source notebook's setup cells, then, in a forked child per exercise, the student's answer
cell for that exercise only and the source's test cell with its hidden tests
(`course_lib.grading.verifier_process` and `course_lib.grading.sandbox` explain what the
children refuse and why their results cannot be forged). The parent here:

- sends the code and a random nonce over the process's stdin (no file the student could read);
- reads the verdicts from a pipe passed as an inherited file descriptor, and accepts them
  only when the message starts with the nonce and has a verdict for every exercise;
- throws the process's stdout and stderr away (megabytes of output cost nothing);
- kills the whole process group when it runs past the time of every exercise plus the
  setup's; each child also runs under limits of address space (memory), CPU time and
  wall-clock time.

Anything else (a crash, a kill, a limit, a garbled message) fails the exercise with a reason.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.verifier_process import RESULT_LIMIT, read_until_exit

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
    own (`course_lib.grading.verifier_process`).

    Args:
        setup: trusted source run first (the source notebook's setup cells).
        exercises: (grade_id, the student's answer cell, the test cell with hidden tests);
            the grade_ids are distinct, and each exercise's references may not run on behalf
            of its answer.
        protected: files and folders the student's code may not open (hidden tests, the
            gradebook).
        timeout: seconds of wall-clock time per exercise before its child is killed.
        memory_bytes: each child's address-space limit.

    Returns:
        grade_id -> `Verdict`: passed only if the tests raised nothing and nothing was
        tampered with; otherwise the failure's last line (never a traceback), prefixed by the
        stage.
    """
    nonce = secrets.token_hex(16)
    job = {
        "nonce": nonce,
        "setup": setup,
        "exercises": [
            {"grade_id": grade_id, "answer": answer, "tests": tests}
            for grade_id, answer, tests in exercises
        ],
        "protected": [os.path.realpath(path) for path in protected],
        "memory_bytes": int(memory_bytes),
        "timeout": float(timeout),
    }
    deadline = time.monotonic() + SETUP_SECONDS + len(exercises) * (timeout + 1)
    read_end, write_end = os.pipe()
    with tempfile.TemporaryDirectory(prefix="course-verify-") as empty_folder:
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-m", "course_lib.grading.verifier_process", str(write_end)],
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
        with process.stdin:
            process.stdin.write(json.dumps(job).encode())
        limit = RESULT_LIMIT * (len(exercises) + 1)
        received, status = read_until_exit(read_end, process.pid, deadline, limit)
        os.close(read_end)
    process.returncode = -9 if status is None else status  # reaped by read_until_exit
    return _verdicts(received, nonce, status, [grade_id for grade_id, _, _ in exercises])


def _verdicts(
    received: bytes, nonce: str, status: int | None, grade_ids: list[str]
) -> dict[str, Verdict]:
    """Decode the verifier process's message: the nonce, then the list of verdicts."""
    head, _, body = received.decode("utf-8", "replace").partition("\n")
    try:
        found = {
            item["grade_id"]: Verdict(item["passed"], item["message"]) for item in json.loads(body)
        }
    except (ValueError, TypeError, KeyError):
        found = {}
    if head != nonce or set(found) != set(grade_ids) or status != 0:
        if status is None:
            failure = Verdict(False, "the verifier ran past its time limit")
        else:
            failure = Verdict(False, f"the verifier failed (exit status {status})")
        return dict.fromkeys(grade_ids, failure)
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
