"""The verifier's process: the setup runs once, then every exercise in a forked child.

Run as ``python -I -m course_lib.grading.verifier_process RESULT_FD`` by
`course_lib.grading.verifier`. Messages on stdin and on RESULT_FD are length-prefixed
(`course_lib.grading.frames`). The first message on stdin configures the process: ``setup``
(the source notebook's setup cells, trusted), ``protected`` and ``memory_bytes``. Each next
one is a job: ``nonce``, ``timeout`` (seconds per exercise) and ``exercises`` (a list of
``grade_id``, ``answer``, ``tests``); the process answers each job with one message on
RESULT_FD, the job's nonce and the list of verdicts, and ends when stdin closes. A grading
worker keeps one such process per unit, for all the submissions it grades.

This process never runs a student's code. It runs the setup and imports what grading needs,
then for each exercise forks a child, which closes this process's stdin and result pipe,
starts a session of its own, limits its memory and CPU time and grades the exercise under
guard (`course_lib.grading.sandbox.grade_here`), writing one message, prefixed with a nonce
made for that child alone, to a pipe of its own. Here the message is read within the
wall-clock timeout (the child's whole process group is killed when it runs over) and turned
into a verdict together with the child's exit status. Forking from a process where numpy,
matplotlib and course_lib are already imported costs milliseconds, where a fresh interpreter
per exercise cost about half a second; and each exercise still starts from the same state,
so one answer cannot affect the grade of another exercise or another student.
"""

from __future__ import annotations

import importlib
import json
import os
import secrets
import select
import signal
import sys
import time

from course_lib.grading.frames import read_frame, write_frame
from course_lib.grading.reference_watch import OWN_WORK_EXIT, reported_reference, watched_for
from course_lib.grading.sandbox import PRELOADED_MODULES, grade_here, limit_resources
from course_lib.own_work import violation_message

RESULT_LIMIT = 4096
#: The largest message on stdin: a job with every answer and test cell of a unit.
JOB_LIMIT = 64 * 1024**2
POLL_SECONDS = 0.005


def verdict_of(received: bytes, nonce: str, status: int, grade_id: str) -> tuple[bool, str]:
    """(passed, message) from what a child wrote and how it ended (``status`` as returned by
    ``os.waitstatus_to_exitcode``): anything but one well-formed message is a failure."""
    if status == OWN_WORK_EXIT:
        return False, violation_message(grade_id, reported_reference(received, grade_id))
    parts = received[:RESULT_LIMIT].decode("utf-8", "replace").split("\n", 2)
    if len(received) > RESULT_LIMIT or len(parts) != 3 or parts[0] != nonce:
        if status < 0:
            name = signal.Signals(-status).name
            return False, f"the grading process was killed ({name}): a resource limit?"
        if not received:
            return False, f"the grading process ended early (exit status {status})"
        return False, "the grading process's result was tampered with"
    _, outcome, message = parts
    return outcome == "pass", message


def run_child(exercise: dict, namespace: dict, limits: dict, result_fd: int) -> tuple[bool, str]:
    """Fork a child grading ``exercise``, wait for it at most ``limits["timeout"]`` seconds,
    and return its verdict."""
    nonce = secrets.token_hex(16)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        os.close(result_fd)
        os.close(0)  # the next jobs arrive there
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        limit_resources(limits["memory_bytes"], max(1, int(limits["timeout"]) + 1))
        grade_here({**exercise, "nonce": nonce}, namespace, tuple(limits["protected"]), write_end)
    os.close(write_end)
    deadline = time.monotonic() + limits["timeout"]
    received, status = read_until_exit(read_end, pid, deadline, RESULT_LIMIT)
    os.close(read_end)
    if status is None:
        return False, f"timed out after {limits['timeout']:g} s"
    return verdict_of(received, nonce, status, exercise["grade_id"])


def read_until_exit(
    read_end: int, pid: int, deadline: float, limit: int
) -> tuple[bytes, int | None]:
    """What the child ``pid`` writes to ``read_end`` (kept up to just over ``limit`` bytes,
    the rest read and dropped so the child never blocks) and its exit status, or None for
    the status if it had to be killed, with its process group, at ``deadline``."""
    kept: list[bytes] = []

    def read_once(wait: float) -> bool:
        """Read what is there (waiting up to ``wait`` s); False once the pipe is closed."""
        ready, _, _ = select.select([read_end], [], [], wait)
        if not ready:
            return True
        chunk = os.read(read_end, 65536)
        if sum(map(len, kept)) <= limit:
            kept.append(chunk)
        return bool(chunk)

    open_pipe = True
    while True:
        remaining = deadline - time.monotonic()
        if open_pipe:
            open_pipe = read_once(max(0.0, min(remaining, 0.5)))
        done, raw_status = os.waitpid(pid, os.WNOHANG)
        if done:
            while open_pipe:  # the child is gone: what it wrote is all in the pipe
                open_pipe = read_once(0.0) and bool(select.select([read_end], [], [], 0)[0])
            return b"".join(kept), os.waitstatus_to_exitcode(raw_status)
        if remaining <= 0:
            _kill_group(pid)
            return b"".join(kept), None
        if not open_pipe:
            time.sleep(POLL_SECONDS)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def main() -> None:
    result_fd = int(sys.argv[1])
    raw_config = read_frame(0, None, JOB_LIMIT)
    if raw_config is None:  # the parent went away before configuring this process
        os._exit(0)
    config = json.loads(raw_config)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(config["setup"], "<setup>", "exec"), namespace)  # trusted: the source's cells
    for name in PRELOADED_MODULES:
        importlib.import_module(name)
    while (raw_job := read_frame(0, None, JOB_LIMIT)) is not None:
        job = json.loads(raw_job)
        for exercise in job["exercises"]:  # worked out once, for every child to inherit
            watched_for(exercise["grade_id"])
        limits = {**config, "timeout": job["timeout"]}
        verdicts = []
        for exercise in job["exercises"]:
            passed, message = run_child(exercise, namespace, limits, result_fd)
            verdicts.append(
                {"grade_id": exercise["grade_id"], "passed": passed, "message": message}
            )
        write_frame(result_fd, f"{job['nonce']}\n{json.dumps(verdicts)}".encode())
    os._exit(0)


if __name__ == "__main__":
    main()
