"""The sandbox's first process: imports numpy and matplotlib once, then forks one child per
exercise on the host's request.

Requests arrive on the control socket as JSON, one per message: ``fork`` carries the socket
of the new child (SCM_RIGHTS) and its limits, and is answered with the child's pid; ``reap``
ends every process of the sandbox but this one, empties the children's working folder, and is
answered when done. This process never runs student code and never holds the library: each
child receives its own copy, with its exercise's references stubbed out, over its own socket
(`course_lib.grading.student_side.exercise`), so nothing of one exercise's library is in the
memory the next child inherits.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket

from . import exercise


def main(control: socket.socket, settings: dict) -> None:
    """Serve the host's requests until it closes the control socket."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # the children inherit it imported
    import numpy  # noqa: F401

    if settings["processes"] is not None:  # counted per sandbox: its user namespace's own
        processes = int(settings["processes"])
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    own_namespace = bool(settings["own_pid_namespace"]) and _in_child_pid_namespace()
    children: list[int] = []
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)
        request = json.loads(data)
        if request["do"] == "fork" and len(fds) == 1:
            work = f"{settings['work_root']}/{len(children)}"
            os.makedirs(work, exist_ok=True)
            pid = os.fork()
            if pid == 0:
                control.close()
                os.chdir(work)
                exercise.run(socket.socket(fileno=fds[0]), request["limits"])
            os.close(fds[0])
            children.append(pid)
            control.sendall(json.dumps({"pid": pid}).encode())
        elif request["do"] == "reap":
            _end_all(children, own_namespace)
            shutil.rmtree(settings["work_root"], ignore_errors=True)
            control.sendall(b'{"reaped": true}')
        else:
            for fd in fds:
                os.close(fd)
            control.sendall(b'{"error": "unknown request"}')


def _end_all(children: list[int], own_namespace: bool) -> None:
    """Kill every process of the sandbox but this one (in a pid namespace of our own), or
    each child's process group (without one), and wait for our children."""
    if own_namespace:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        for pid in children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    children.clear()


def _in_child_pid_namespace() -> bool:
    """Whether this process lives in a pid namespace below the host's (its NSpid has more
    than one entry): only there may it kill every process it can see."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("NSpid:"):
                return len(line.split()) > 2
    return False
