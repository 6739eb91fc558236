"""Submissions that attack the grader, graded end to end through collect, autograde and
export, all in one class beside an honest student.

Each attack sits in the answer cell of the fixture unit's exercise, so it runs both in the
exercise's child and in nbgrader's kernel. An answer is correct only if its attack succeeded
(it raises otherwise), so a score of 0 shows that the attack failed; the attacks whose aim is
a side effect (writing on the host, a process left running) answer correctly and the test
looks for the side effect instead. The honest student must keep full marks.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import nbformat
import pytest
from fixture_course import UNIT, fixture_notebook, make_course

from course_lib.grading.collect import collect
from course_lib.grading.export import export
from course_lib.grading.notebook import nbgrader_metadata
from course_lib.grading.pipeline import autograde
from course_lib.grading.sandbox.launch import SandboxUnavailable, explain_failure
from course_lib.grading.workspace import Workspace

CORRECT = "2.0 * np.asarray(x, dtype=float)"
#: An answer cell: ``attack`` runs first and appends what it reached to ``found``.
TEMPLATE = """import os
found = []
{attack}


def double(x):
    if not found:
        raise RuntimeError("the attack found nothing")
    return {correct}
"""
MARKER = f"course-attack-{uuid.uuid4().hex[:8]}"
SLEEP_SECONDS = "987.654"


def _attacks(course: Path, secrets: dict[str, Path], port: int) -> dict[str, str]:
    """student -> the attack code of their answer cell."""
    source = course / "solutions" / UNIT / f"{UNIT}.ipynb"
    relative = "../" * 12 + str(source).lstrip("/")  # from any working folder

    def reads(path_expression: str) -> str:
        return f"try:\n    found.append(open({path_expression}).read())\nexcept OSError:\n    pass"

    return {
        # A signal handler gets a live frame: walk every frame and look for anything to forge.
        "signal-handler": (
            "import signal, sys, gc\n"
            "def handler(signum, frame):\n"
            "    while frame is not None:\n"
            "        if any('nonce' in str(k) or 'verdict' in str(k) for k in frame.f_locals):\n"
            "            found.append(frame)\n"
            "        frame = frame.f_back\n"
            "    for fd in range(3, 64):\n"
            "        try:\n"
            '            os.write(fd, b\'{"k":"ok","b":"pass"}\')\n'
            "        except OSError:\n"
            "            pass\n"
            "signal.signal(signal.SIGUSR1, handler)\n"
            "signal.raise_signal(signal.SIGUSR1)"
        ),
        "dir-fd": (
            "try:\n"
            f"    folder = os.open({str(course)!r}, os.O_RDONLY)\n"
            f"    fd = os.open('solutions/{UNIT}/{UNIT}.ipynb', os.O_RDONLY, dir_fd=folder)\n"
            "    found.append(os.read(fd, 100))\n"
            "except OSError:\n"
            "    pass"
        ),
        "absolute-path": reads(repr(str(source))),
        "relative-path": reads(repr(relative)),
        "dot-dot": reads(repr(str(source.parent / ".." / UNIT / source.name))),
        "symlink": (
            f"os.symlink({str(source)!r}, '/tmp/link.ipynb')\n" + reads("'/tmp/link.ipynb'")
        ),
        "proc-root": reads(repr(f"/proc/self/root{source}")),
        "hard-link": (
            f"try:\n    os.link({str(source)!r}, '/tmp/hard.ipynb')\nexcept OSError:\n    pass\n"
            + reads("'/tmp/hard.ipynb'")
        ),
        "copy-elsewhere": reads(repr(str(secrets["copy"]))),
        "home": reads(repr(str(secrets["home"]))),
        "socket": (
            "import socket\ntry:\n"
            f"    with socket.create_connection(('127.0.0.1', {port}), timeout=2) as s:\n"
            f"        s.sendall(b'{MARKER}')\n"
            "        found.append('connected')\n"
            "except OSError:\n    pass"
        ),
        "writes-outside": (
            f"for path in ({str(secrets['written'])!r}, {str(course / 'gradebook.db')!r}):\n"
            "    try:\n"
            "        with open(path, 'a') as f:\n"
            f"            f.write('{MARKER}')\n"
            "    except OSError:\n"
            "        pass\n"
            "found.append('tried')"
        ),
        "fork-bomb": (
            "import time\nend = time.monotonic() + 3\n"
            "while time.monotonic() < end:\n"
            "    try:\n        os.fork()\n    except OSError:\n        pass\n"
        ),
        "memory-hog": "import numpy\nfound.append(numpy.ones(4 * 10**9))",
        "left-running": (
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            f"        os.execv('/bin/sleep', ['sleep', '{SLEEP_SECONDS}'])\n"
            "    os._exit(0)\n"
            "found.append('started')"
        ),
    }


#: Attacks whose answer is correct whatever happens: the test looks at the side effect.
SIDE_EFFECTS = ("writes-outside", "left-running")


def _with_answer(source: str) -> nbformat.NotebookNode:
    notebook = fixture_notebook()
    for cell in notebook.cells:
        if nbgrader_metadata(cell).get("grade_id") == "double":
            cell.source = source
    return notebook


class _Listener:
    """A TCP server on the host's loopback that records what reaches it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while self.server.fileno() != -1:
            try:
                connection, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                self.received.append(connection.recv(100))

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("attacked"))
    elsewhere = tmp_path_factory.mktemp("last-years-course")
    secrets = {
        "copy": elsewhere / f"{UNIT}.ipynb",
        "home": Path.home() / f".{MARKER}",
        "written": elsewhere / "written-by-a-student",
    }
    shutil.copy(root / "solutions" / UNIT / f"{UNIT}.ipynb", secrets["copy"])
    secrets["home"].write_text("the instructor's secret")
    listener = _Listener()
    attacks = _attacks(root, secrets, listener.port)
    download = root / "download"
    download.mkdir()
    nbformat.write(fixture_notebook(), download / f"honest_{UNIT}.ipynb")
    for student, attack in attacks.items():
        correct = CORRECT if student not in SIDE_EFFECTS else f"0 * len(found) + {CORRECT}"
        answer = TEMPLATE.format(attack=attack, correct=correct)
        nbformat.write(_with_answer(answer), download / f"{student}_{UNIT}.ipynb")
    workspace = Workspace(root, root)
    collect(workspace, download)
    try:
        results = autograde(workspace, jobs=2, timeout=20, progress=False)
        _, rows = export(workspace)
    finally:
        listener.close()
        secrets["home"].unlink()
    yield (
        {r["student"]: r for r in results},
        {row["student"]: row for row in rows},
        secrets,
        (
            listener,
            root,
        ),
    )


ATTACKS = list(_attacks(Path("/x"), dict.fromkeys(("copy", "home", "written"), Path()), 0))


@pytest.mark.parametrize("student", [a for a in ATTACKS if a not in SIDE_EFFECTS])
def test_an_attack_earns_nothing(attacked, student):
    results, rows, _, _ = attacked
    result = results[student]
    assert result["status"] == "graded" and result["sandboxed"]
    assert result["exercises"]["double"]["score"] == 0, result["exercises"]["double"]
    assert rows[student][f"{UNIT}:double"] == "0"


def test_the_honest_student_keeps_full_marks(attacked):
    results, rows, _, _ = attacked
    assert results["honest"]["exercises"]["double"]["score"] == 2
    assert rows["honest"][f"{UNIT}:total"] == "2"


def test_nothing_reached_the_hosts_loopback(attacked):
    listener = attacked[3][0]
    assert not any(MARKER.encode() in data for data in listener.received)


def test_nothing_was_written_outside_the_sandbox(attacked):
    results, _, secrets, (_, root) = attacked
    assert results["writes-outside"]["exercises"]["double"]["score"] == 2
    assert not secrets["written"].exists()
    assert MARKER.encode() not in (root / "gradebook.db").read_bytes()


def test_no_process_outlives_the_grading(attacked):
    results = attacked[0]
    assert results["left-running"]["exercises"]["double"]["score"] == 2
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        assert SLEEP_SECONDS.encode() not in command, f"process {entry.name} is still running"


def test_without_bubblewrap_autograde_names_the_cause(tmp_path, monkeypatch):
    root = make_course(tmp_path)
    workspace = Workspace(root, root)
    submission = workspace.submission("honest", UNIT)
    submission.parent.mkdir(parents=True)
    nbformat.write(fixture_notebook(), submission)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(SandboxUnavailable, match=r"bubblewrap .* is not installed"):
        autograde(workspace, timeout=20, progress=False)


def test_a_host_without_user_namespaces_is_named_as_the_cause():
    printed = (
        "bwrap: No permissions to creating new namespace, likely because the kernel does not "
        "allow non-privileged user namespaces.\n"
    )
    message = explain_failure(printed)
    assert "user namespaces" in message and "--no-sandbox" in message


def test_grading_without_the_sandbox_is_marked_in_the_export(tmp_path):
    root = make_course(tmp_path)
    workspace = Workspace(root, root)
    submission = workspace.submission("honest", UNIT)
    submission.parent.mkdir(parents=True)
    nbformat.write(fixture_notebook(), submission)
    results = autograde(workspace, timeout=20, progress=False, sandboxed=False)
    assert results[0]["exercises"]["double"]["score"] == 2 and not results[0]["sandboxed"]
    _, rows = export(workspace)
    assert rows[0][f"{UNIT}:status"] == "graded without sandbox"


#: Runs a notebook of one cell (argv[1]) in the sandboxed kernel, as nbgrader's run does.
RUN_ONE_CELL = """import contextlib, sys, nbformat
from nbclient import NotebookClient
from course_lib.grading.sandbox.kernel import SandboxedKernelManager
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sys.argv[1])])
client = NotebookClient(
    notebook, timeout=5, kernel_name="python3", kernel_manager_class=SandboxedKernelManager
)
with contextlib.suppress(Exception):  # a timeout or unreadable replies: both end the run
    client.execute()
"""


@pytest.mark.parametrize("garbage", ["b'x' * 64", 'b\'{"k":"ok","b":"pass"}\''])
def test_a_kernel_whose_sockets_were_written_over_does_not_hold_up_the_grader(garbage):
    """Garbage written to every descriptor of the kernel leaves it alive and deaf, or makes
    the client read garbage; either way the run must end, at the latest at the time limit and
    its shutdown (it used to wait forever on an interrupt and on the heartbeat)."""
    scribble = (
        f"import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, {garbage})\n"
        "    except OSError:\n        pass\n"
    )
    try:
        subprocess.run(
            [sys.executable, "-c", RUN_ONE_CELL, scribble], timeout=60, capture_output=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run of a cell writing {garbage} everywhere did not end in 60 s")
