"""The local backend: jobs in a pool of processes on this machine (the default).

Each job runs in a fresh process of a ``spawn`` pool; a job whose process dies (a crash that
takes the pool down) is run again in a new pool, and a job that breaks a pool twice is
marked failed.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.backends import OnResult
from course_lib.grading.backends.message import JobMessage, failed_result
from course_lib.grading.backends.worker_job import grade_message


@dataclass(frozen=True)
class LocalBackend:
    """``workers`` processes on this machine, working in ``work_dir``."""

    workers: int
    work_dir: Path

    def run(self, messages: list[JobMessage], on_result: OnResult) -> None:
        attempts = dict.fromkeys(messages, 0)
        while attempts:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
                futures = {
                    pool.submit(grade_message, message.to_wire(), self.work_dir): message
                    for message in attempts
                }
                for future in as_completed(futures):
                    message = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        attempts[message] += 1
                        if attempts[message] < 2:
                            continue
                        result = failed_result(message, "the grading process died")
                    on_result(message, result)
                    del attempts[message]
