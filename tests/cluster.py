"""A grading cluster on this machine for tests: RabbitMQ and PostgreSQL (`servers`) and
`course worker` processes, each in its own session, all stopped by their process ids when the
``with`` block ends, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servers import Postgres, running_postgres, running_rabbitmq

from course_lib.grading.backends.celery_queue import CeleryBackend
from course_lib.grading.workspace import Workspace

WORKER = [sys.executable, "-m", "course_lib", "worker", "--concurrency", "1"]


class Workers:
    """`course worker` processes, each in its own session, with their work folders."""

    def __init__(self, broker: str, results: str, folder: Path) -> None:
        self.broker, self.results, self.folder = broker, results, folder
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        index = len(self.processes)
        work_dir = self.folder / f"worker-{index}"
        with open(self.folder / f"worker-{index}.log", "wb") as log:
            process = subprocess.Popen(
                [
                    *WORKER,
                    "--broker",
                    self.broker,
                    "--results",
                    self.results,
                    "--work-dir",
                    str(work_dir),
                ],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def alive(self) -> list[subprocess.Popen]:
        return [process for process in self.processes if process.poll() is None]

    def keep(self, count: int) -> None:
        """Start workers until ``count`` of them run."""
        while len(self.alive()) < count:
            self.start()

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and every process of its session."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def journal(self) -> list[tuple[str, str, str, int]]:
        """(event, unit, student, pid) of every line of every worker's journal, in the order
        of their times."""
        lines = []
        for path in sorted(self.folder.glob("worker-*/journal.log")):
            for line in path.read_text().splitlines():
                when, event, unit, student, pid = line.split()
                lines.append((float(when), event, unit, student, int(pid)))
        return [line[1:] for line in sorted(lines)]

    def starts(self) -> Counter:
        """(unit, student) -> how many times a worker began grading it."""
        return Counter((u, s) for event, u, s, _ in self.journal() if event == "start")


@dataclass
class Cluster:
    """A broker, a PostgreSQL server with a result store, and workers grading from them."""

    broker: str
    database: Postgres
    workers: Workers

    def backend(self, workspace: Workspace) -> CeleryBackend:
        """The Celery backend `course autograde --backend celery` uses for ``workspace``."""
        return CeleryBackend(
            self.broker, self.workers.results, workspace.course / ".course-queue.json"
        )


@contextmanager
def running_cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """A cluster with ``workers`` workers, whose work folders and logs go to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with running_rabbitmq() as broker, running_postgres() as database:
        grading = Workers(broker.url, database.create_database("results"), folder)
        try:
            grading.keep(workers)
            yield Cluster(broker.url, database, grading)
        finally:
            grading.stop_all()


def stored_grades(workspace: Workspace, units: list[str]) -> dict[str, tuple]:
    """student -> (status, {exercise: score}) of every stored result of ``units``."""
    grades = {}
    for student, unit in workspace.submissions(units):
        result = workspace.read_result(student, unit) or {}
        scores = {gid: grade["score"] for gid, grade in result.get("exercises", {}).items()}
        grades[student] = (result.get("status"), scores)
    return grades
