"""Throwaway RabbitMQ and PostgreSQL servers for tests, from Debian's packages (`make grid-deps`).

Each server lives in a fresh temporary folder, listens on free ports of 127.0.0.1 only, runs in
a session of its own (as nobody when the tests run as root, which PostgreSQL refuses) and is
stopped by pid when its ``with`` block ends, however it ends; then any process still carrying
the folder's marker in its environment is killed and the folder removed::

    with running_postgres() as pg, running_rabbitmq() as mq:
        engine = sqlalchemy.create_engine(pg.create_database("grades"))
        app = celery.Celery(broker=mq.url)

PostgreSQL is ready in one or two seconds, RabbitMQ in five to eight: share them in a session.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

POSTGRES_ROOT = Path("/usr/lib/postgresql")
RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
INSTALL_HINT = "run `make grid-deps`, or install Debian's {package} package as root"

NOBODY = 65534  # Debian's nobody and nogroup: the servers' user when the tests run as root
MARKER = "COURSE_TEST_SERVER"  # in every server's environment: the scratch folder's path
START_TIMEOUT = 60.0  # seconds; RabbitMQ takes 5 to 8, PostgreSQL 1 to 2
STOP_TIMEOUT = 10.0  # seconds from the stop signal to SIGKILL
PATH = "/usr/local/bin:/usr/bin:/bin"


class ServerNotInstalled(RuntimeError):
    """The Debian package a server comes from is not installed."""


class ServerFailed(RuntimeError):
    """A server exited or was not ready in time; the message ends with its log's tail."""


@dataclass(frozen=True)
class Postgres:
    """A running PostgreSQL: superuser ``postgres``, no password (trust), TCP only."""

    port: int
    pid: int
    bin_dir: Path

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``postgres`` database."""
        return self.url_for("postgres")

    def url_for(self, database: str) -> str:
        """The SQLAlchemy URL (psycopg 3) of ``database`` on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` with the psql client; its output, unaligned and without headers."""
        command = [str(self.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
        command += ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]
        env = {"PATH": PATH, "LC_ALL": "C.UTF-8", "PGCONNECT_TIMEOUT": "10"}
        done = subprocess.run(
            [*command, "-c", sql], env=env, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise ServerFailed(f"psql failed on {sql!r}: {done.stderr.strip()}")
        return done.stdout

    def create_database(self, name: str) -> str:
        """Create the database ``name`` (lower case letters, digits, _); its SQLAlchemy URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url_for(name)


@dataclass(frozen=True)
class RabbitMQ:
    """A running RabbitMQ with its default user guest (allowed from localhost only)."""

    port: int
    pids: tuple[int, ...]  # the start script, the Erlang VM it runs, and epmd

    @property
    def url(self) -> str:
        """The AMQP URL of the default virtual host, as guest."""
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"


def postgres_bin_dir() -> Path:
    """The bin folder of the newest PostgreSQL installed; ServerNotInstalled if there is none."""
    found = [
        postgres.parent
        for postgres in POSTGRES_ROOT.glob("*/bin/postgres")
        if re.fullmatch(r"\d+(\.\d+)?", postgres.parent.parent.name)
    ]
    if not found:
        hint = INSTALL_HINT.format(package="postgresql")
        missing = f"{POSTGRES_ROOT}/*/bin/postgres"
        raise ServerNotInstalled(f"PostgreSQL is missing (no {missing}): {hint}")
    return max(found, key=lambda bin_dir: [int(part) for part in bin_dir.parent.name.split(".")])


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster, running until the block ends."""
    bin_dir = postgres_bin_dir()
    with _scratch_folder("course-test-postgres-") as scratch:
        data = scratch / "data"
        env = _server_env(scratch)
        _initdb(bin_dir, data, env)
        [port] = free_ports(1)
        command = [str(bin_dir / "postgres"), "-D", str(data), "-k", str(scratch), "-p", str(port)]
        command += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]
        log = scratch / "postgres.log"
        with _server("PostgreSQL", command, env, log, signal.SIGINT) as process:
            _wait_until_ready("PostgreSQL", process, lambda: _postgres_ready(data), [log])
            yield Postgres(port=port, pid=process.pid, bin_dir=bin_dir)


@contextmanager
def running_rabbitmq() -> Iterator[RabbitMQ]:
    """A fresh RabbitMQ node without plugins, with its own epmd, running until the block ends."""
    epmd = shutil.which("epmd", path=PATH)
    if not RABBITMQ_SERVER.exists() or epmd is None:
        hint = INSTALL_HINT.format(package="rabbitmq-server")
        raise ServerNotInstalled(f"RabbitMQ is missing (no {RABBITMQ_SERVER} or epmd): {hint}")
    with _scratch_folder("course-test-rabbitmq-") as scratch:
        port, dist_port, epmd_port = free_ports(3)
        env = _rabbitmq_env(scratch, port, dist_port, epmd_port)
        epmd_command = [epmd, "-address", "127.0.0.1", "-port", str(epmd_port)]
        with ExitStack() as stack:
            epmd_log = scratch / "epmd.log"
            epmd_process = stack.enter_context(
                _server("epmd", epmd_command, env, epmd_log, signal.SIGTERM)
            )
            # Ours must listen first, or the node starts a daemon epmd of its own.
            _wait_until_ready("epmd", epmd_process, lambda: _accepts(epmd_port), [epmd_log])
            log = scratch / "rabbitmq.out"
            node_log = Path(env["RABBITMQ_LOG_BASE"]) / f"{env['RABBITMQ_NODENAME']}.log"
            process = stack.enter_context(
                _server("RabbitMQ", [str(RABBITMQ_SERVER)], env, log, signal.SIGTERM)
            )
            pid_file = Path(env["RABBITMQ_PID_FILE"])
            _wait_until_ready(
                "RabbitMQ",
                process,
                lambda: pid_file.exists() and _speaks_amqp(port),
                [log, node_log],
            )
            vm = int(pid_file.read_text().split()[0])
            yield RabbitMQ(port=port, pids=(process.pid, vm, epmd_process.pid))


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports of 127.0.0.1 that were free a moment ago."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _initdb(bin_dir: Path, data: Path, env: dict[str, str]) -> None:
    """A new cluster in ``data``: superuser postgres, trust authentication, UTF-8, C locale."""
    command = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    command += ["-E", "UTF8", "--no-locale", "--no-sync"]
    done = subprocess.run(
        _as_server_user(command),
        cwd=data.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise ServerFailed(f"initdb failed:\n{done.stdout}{done.stderr}")


def _postgres_ready(data: Path) -> bool:
    """Whether the postmaster says it accepts connections (line 8 of postmaster.pid)."""
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return False
    return len(lines) >= 8 and lines[7].strip() == "ready"


def _rabbitmq_env(scratch: Path, port: int, dist_port: int, epmd_port: int) -> dict[str, str]:
    """The node's whole environment: every file in ``scratch``, none of the system's config."""
    config = scratch / "rabbitmq.conf"
    config.write_text(f"listeners.tcp.default = 127.0.0.1:{port}\nconsumer_timeout = 3600000\n")
    (scratch / "enabled_plugins").write_text("[].\n")  # no plugins, so no management
    (scratch / "rabbitmq-env.conf").write_text("")
    for folder in ("mnesia", "log"):
        (scratch / folder).mkdir()
        _give_to_server_user(scratch / folder)
    return _server_env(scratch) | {
        "RABBITMQ_NODENAME": f"course-test-{port}@localhost",
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(dist_port),
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        "RABBITMQ_CONFIG_FILE": str(config),
        "RABBITMQ_ADVANCED_CONFIG_FILE": str(scratch / "advanced.config"),  # never written
        "RABBITMQ_CONF_ENV_FILE": str(scratch / "rabbitmq-env.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(scratch / "enabled_plugins"),
        "RABBITMQ_MNESIA_BASE": str(scratch / "mnesia"),
        "RABBITMQ_LOG_BASE": str(scratch / "log"),
        "RABBITMQ_PID_FILE": str(scratch / "rabbitmq.pid"),
        "ERL_EPMD_ADDRESS": "127.0.0.1",
        "ERL_EPMD_PORT": str(epmd_port),
    }


def _accepts(port: int) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _speaks_amqp(port: int) -> bool:
    """Whether 127.0.0.1:``port`` answers the AMQP 0-9-1 header with Connection.Start.

    RabbitMQ opens its listeners last, once the broker (and its default user) is up."""
    reply = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"AMQP\x00\x00\x09\x01")
            while len(reply) < 11 and (chunk := sock.recv(11 - len(reply))):
                reply += chunk
    except OSError:
        return False
    # A method frame on channel 0 (type, channel, size), then class 10 method 10.
    return reply[:3] == b"\x01\x00\x00" and reply[7:11] == b"\x00\x0a\x00\x0a"


@contextmanager
def _scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder for one server, removed with whatever process still marks it."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        scratch = Path(name)
        try:
            _give_to_server_user(scratch)
            yield scratch
        finally:
            _kill_marked(scratch)


def _server_env(scratch: Path) -> dict[str, str]:
    """A server's environment, made from nothing: HOME is ``scratch``, which MARKER names."""
    return {"PATH": PATH, "LC_ALL": "C.UTF-8", "HOME": str(scratch), MARKER: str(scratch)}


@contextmanager
def _server(
    name: str, command: Sequence[str], env: dict[str, str], log: Path, stop: signal.Signals
) -> Iterator[subprocess.Popen]:
    """``command`` running in a session of its own, its output in ``log``, until the block ends.

    Then ``stop`` is sent to it, SIGKILL to its whole group after STOP_TIMEOUT seconds, and
    SIGKILL to whatever else is left in the group. (Children that leave the group, such as
    PostgreSQL's, which are group leaders, are _kill_marked's.)"""
    with log.open("wb") as output:
        process = subprocess.Popen(
            _as_server_user(command),
            cwd=env["HOME"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(stop)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid)
                process.wait()
        _kill_group(process.pid)


def _kill_group(pgid: int) -> None:
    """SIGKILL to every process left in the group ``pgid``."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _kill_marked(scratch: Path) -> None:
    """SIGKILL to every process whose environment marks ``scratch`` (one that left its session,
    such as a daemon epmd), and a wait of at most 5 s for them to die."""
    needle = f"\0{MARKER}={scratch}\0".encode()
    marked = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and needle in b"\0" + (entry / "environ").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
                marked.append(entry)
        except OSError:  # gone meanwhile, or another user's
            continue
    deadline = time.monotonic() + 5
    while any(_alive(entry) for entry in marked) and time.monotonic() < deadline:
        time.sleep(0.05)


def _alive(process: Path) -> bool:
    """Whether the process of /proc/<pid> ``process`` exists and is not a zombie."""
    try:
        return (process / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def _wait_until_ready(
    name: str, process: subprocess.Popen, ready: Callable[[], bool], logs: Sequence[Path]
) -> None:
    """Poll ``ready`` until it holds; ServerFailed with the logs' tails if ``process`` exits
    first or START_TIMEOUT passes."""
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if process.poll() is not None:
            problem = f"{name} exited with status {process.returncode} before it was ready"
            raise ServerFailed(problem + _tails(logs))
        if time.monotonic() > deadline:
            raise ServerFailed(f"{name} was not ready within {START_TIMEOUT:g} s" + _tails(logs))
        time.sleep(0.1)


def _tails(logs: Sequence[Path], lines: int = 30) -> str:
    """The last ``lines`` lines of each of ``logs`` that exists."""
    text = ""
    for log in logs:
        if log.exists():
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            text += f"\n--- {log.name} (last {len(tail)} lines) ---\n" + "\n".join(tail)
    return text


def _as_server_user(command: Sequence[str]) -> list[str]:
    """``command`` run as nobody when we are root, as ourselves otherwise."""
    if os.geteuid() != 0:
        return list(command)
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", *command]


def _give_to_server_user(path: Path) -> None:
    """Let the servers' user write ``path`` (a folder we made for it)."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
