"""A JupyterLab server of its own for the browser suite: a copy of the course, fresh
configuration folders, a free port on 127.0.0.1 and a random token."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_TIMEOUT_S = 120.0
SHUTDOWN_TIMEOUT_S = 30.0
# The news pop-up covers the notebook; only this user setting keeps it away.
NOTIFICATION_SETTINGS = Path("@jupyterlab/apputils-extension/notification.jupyterlab-settings")

# Direct connections only: a proxy from the environment must never see the loopback server.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class LabServer:
    """A running server: ``root`` is the folder it serves (the course copy)."""

    port: int
    token: str
    root: Path
    pid: int

    def url(self, path: str) -> str:
        """The address of ``path`` (such as ``/api/status``) on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def api(self, method: str, path: str) -> object:
        """The decoded JSON answer of the REST call ``method path`` (None when empty)."""
        request = urllib.request.Request(
            self.url(path), method=method, headers={"Authorization": f"token {self.token}"}
        )
        with _OPENER.open(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every session and its kernel, so that each notebook starts a fresh one."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_folders(base: Path, repository: Path) -> dict[str, Path]:
    """Lay out under ``base`` the course copy (``notebooks/``, ``solutions/`` and the nbgrader
    configuration) and empty Jupyter, IPython and matplotlib folders; return them by role."""
    folders = {
        name: base / name
        for name in ("course", "config", "data", "runtime", "ipython", "mpl", "settings")
    }
    folders["workspaces"] = base / "workspaces"
    folders["exchange"] = base / "exchange"
    for folder in folders.values():
        folder.mkdir(parents=True)
    for name in ("notebooks", "solutions"):
        shutil.copytree(repository / name, folders["course"] / name)
    shutil.copy(repository / "nbgrader_config.py", folders["course"] / "nbgrader_config.py")
    (folders["config"] / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(folders['exchange'])!r}\n"
    )
    notification = folders["settings"] / NOTIFICATION_SETTINGS
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false"}))
    return folders


def _answers(server: LabServer) -> bool:
    try:
        with _OPENER.open(server.url(f"/api/status?token={server.token}"), timeout=5) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _wait_until_answering(server: LabServer, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not _answers(server):
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {process.returncode} before answering; "
                f"its log ({log}):\n{log.read_text()[-4000:]}"
            )
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"jupyter lab did not answer on port {server.port} within "
                f"{STARTUP_TIMEOUT_S:.0f} s; its log ({log}):\n{log.read_text()[-4000:]}"
            )
        time.sleep(0.25)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process id (it shuts its kernels down), SIGKILL if it hangs."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)


@contextmanager
def running_lab(base: Path, repository: Path) -> Iterator[LabServer]:
    """A JupyterLab server on a copy of ``repository``'s course under ``base``, running for
    the duration of the ``with`` block and stopped at its end, also when the block raises."""
    folders = prepare_folders(base, repository)
    port, token = free_port(), secrets.token_hex(24)
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folders["config"]),
        "JUPYTER_DATA_DIR": str(folders["data"]),
        "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
        "IPYTHONDIR": str(folders["ipython"]),
        "MPLCONFIGDIR": str(folders["mpl"]),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        "--allow-root",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folders['course']}",
        f"--LabApp.workspaces_dir={folders['workspaces']}",
        f"--LabApp.user_settings_dir={folders['settings']}",
    ]
    log = base / "jupyter-lab.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=folders["course"],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        server = LabServer(port=port, token=token, root=folders["course"], pid=process.pid)
        _wait_until_answering(server, process, log)
        yield server
    finally:
        _stop(process)
