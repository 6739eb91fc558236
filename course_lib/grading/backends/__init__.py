"""Where grading jobs run: the seam between `course autograde` and the machines that grade.

A backend takes job messages (`message.JobMessage`) and hands each result back to the
caller, in the caller's process, as it arrives; it never writes the gradebook or the course
folder, which the caller alone does. Both backends run a job with the same function
(`worker_job.grade_message`):

- ``local`` (`local.LocalBackend`, the default): a pool of processes on this machine;
  needs nothing installed.
- ``celery`` (`celery_queue.CeleryBackend`): Celery workers on any number of machines
  (`course worker`), through a RabbitMQ broker, with results kept in PostgreSQL until the
  instructor's run has stored them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from course_lib.grading.backends.message import JobMessage

#: Called in the caller's process with each job and its result (a dict, see `message`).
OnResult = Callable[[JobMessage, dict], None]


class Backend(Protocol):
    """Runs jobs somewhere and hands their results back."""

    def run(self, messages: list[JobMessage], on_result: OnResult) -> None:
        """Run every job, calling ``on_result`` once per job as its result arrives."""
