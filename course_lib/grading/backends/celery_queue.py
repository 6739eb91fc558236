"""The Celery backend: grading jobs on workers anywhere, through RabbitMQ, with results kept
in a database (PostgreSQL) until the instructor's run has stored them.

Delivery is at least once, and a job is never lost:

- a worker acknowledges a job only after its result is stored (``acks_late``), takes one
  job per process at a time (``worker_prefetch_multiplier = 1``), and a job whose worker
  process died is sent again once (``retry_on_worker_lost`` with ``max_retries = 1``); the
  second loss marks it failed (a notebook that kills every worker must not loop). A worker
  killed as a whole leaves its job unacknowledged, and RabbitMQ gives it to another worker;
- the broker's delivery time-out (RabbitMQ's ``consumer_timeout``, 30 min by default) must
  be above the slowest notebook, or the broker takes a job back from a worker still grading
  it;
- results are kept by Celery's database result backend, keyed by a task id that the
  instructor's `course autograde` records in its ledger (`ledger.Ledger`) before sending:
  a run that is interrupted and run again sends nothing twice, and collects what was graded
  meanwhile. A job graded twice (after a killed worker) stores one result.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.backends import OnResult
from course_lib.grading.backends.ledger import Ledger
from course_lib.grading.backends.message import JobMessage, failed_result

#: The queue every grading job goes through, and the task's name.
QUEUE = "course-grading"
TASK = "course_lib.grade"
#: Why a job whose grading killed its worker on both deliveries failed.
KILLED_TWICE = "the notebook's grading killed its worker twice"
#: Seconds between two looks at the result store for finished jobs.
POLL_SECONDS = 0.25
#: Task ids per query of the result store.
QUERY_IDS = 1000


def result_backend_url(database_url: str) -> str:
    """Celery's name for the SQLAlchemy database URL ``database_url``."""
    return database_url if database_url.startswith("db+") else f"db+{database_url}"


def celery_app(broker: str, results: str, work_dir: Path | None = None):
    """The course's Celery application on ``broker`` (an AMQP URL) with results in the
    database ``results`` (a SQLAlchemy URL); ``work_dir`` is where a worker builds templates
    and grades (workers only)."""
    from celery import Celery

    app = Celery("course_lib", broker=broker, backend=result_backend_url(results))
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"confirm_publish": True},
        result_extended=False,
        course_work_dir=str(work_dir) if work_dir else None,
    )

    @app.task(
        name=TASK,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        retry_on_worker_lost=True,
        max_retries=1,
        default_retry_delay=0,
    )
    def grade(task, wire: dict) -> dict:
        from course_lib.grading.backends.worker_job import grade_message

        return grade_message(wire, Path(task.app.conf.course_work_dir))

    return app


@dataclass(frozen=True)
class CeleryBackend:
    """Jobs sent to the Celery workers of ``broker``, results read from ``results``; the
    ledger of sent jobs is the file ``ledger``."""

    broker: str
    results: str
    ledger: Path

    def run(self, messages: list[JobMessage], on_result: OnResult) -> None:
        app = celery_app(self.broker, self.results)
        app.backend.ResultSession().close()  # creates the result tables before any worker
        ledger = Ledger(self.ledger)
        waiting = self._send(app, ledger, messages)
        while waiting:
            finished = _finished(app, list(waiting))
            for task_id in finished:
                message = waiting.pop(task_id)
                on_result(message, _result(app, task_id, message))
                ledger.forget(message.key)
            if not finished:
                time.sleep(POLL_SECONDS)
                continue
            # Only once the ledger no longer names them may their results go: a run killed
            # in between finds them again, and stores them again, unchanged.
            ledger.flush()
            for task_id in finished:
                app.AsyncResult(task_id).forget()

    @staticmethod
    def _send(app, ledger: Ledger, messages: list[JobMessage]) -> dict[str, JobMessage]:
        """Send the jobs the ledger does not name as sent; the task id of every job."""
        waiting, unsent = {}, {}
        for message in messages:
            task_id, sent = ledger.task_id(message.key, message.digest)
            waiting[task_id] = message
            if not sent:
                unsent[message.key] = (task_id, message.digest)
        if not unsent:
            return waiting
        ledger.record(unsent, sent=False)
        by_key = {message.key: message for message in messages}
        with app.producer_or_acquire() as producer:
            for key, (task_id, _) in unsent.items():
                app.send_task(
                    TASK, args=[by_key[key].to_wire()], task_id=task_id, producer=producer
                )
        ledger.record(unsent, sent=True)
        return waiting


def _finished(app, task_ids: list[str]) -> list[str]:
    """The ids among ``task_ids`` whose result (success or final failure) is stored, asked
    `QUERY_IDS` at a time."""
    from celery.backends.database.models import Task
    from celery.states import READY_STATES

    finished = []
    session = app.backend.ResultSession()
    try:
        for start in range(0, len(task_ids), QUERY_IDS):
            chunk = task_ids[start : start + QUERY_IDS]
            rows = (
                session.query(Task.task_id)
                .filter(Task.task_id.in_(chunk), Task.status.in_(sorted(READY_STATES)))
                .all()
            )
            finished += [row.task_id for row in rows]
    finally:
        session.close()
    return sorted(finished)


def _result(app, task_id: str, message: JobMessage) -> dict:
    """The stored result of a finished job, or a failed result that says why."""
    outcome = app.AsyncResult(task_id)
    if outcome.successful():
        return outcome.result
    error = outcome.result
    if type(error).__name__ == "WorkerLostError":
        return failed_result(message, KILLED_TWICE)
    return failed_result(message, f"the worker could not grade it: {type(error).__name__}: {error}")


def run_worker(broker: str, results: str, *, concurrency: int, work_dir: Path) -> None:
    """Grade jobs from ``broker`` with ``concurrency`` processes until stopped (SIGTERM:
    finish the current jobs; SIGINT twice or SIGKILL: stop at once, the jobs go back to the
    queue)."""
    import logging

    # nbgrader's preprocessors log through traitlets' logger; their notes (a changed
    # checksum of a test cell, which nbgrader then restores) are the result's business, not
    # the worker log's.
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    work_dir.mkdir(parents=True, exist_ok=True)
    app = celery_app(broker, results, work_dir.resolve())
    app.backend.ResultSession().close()
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--hostname=course-{os.getpid()}@{socket.gethostname()}",
            f"--queues={QUEUE}",
        ]
    )
