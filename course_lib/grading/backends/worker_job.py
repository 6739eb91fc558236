"""Run one job message where a worker is, and answer with data: the same code for every
backend (the local pool's processes and Celery's workers).

The worker builds (or finds in ``work_dir``) the unit's template from the message's source,
grades the submission in a scratch folder of its own (`grade_submission`: the harness
decides, the student's code runs in the sandbox), and returns the result with the
autograded notebook as bytes. Nothing is left in ``work_dir`` but the template cache and
the journal (``journal.log``): a line when a job starts and one when it ends,
``<time> start|end <unit> <student> <pid>``, which tells an operator what a worker graded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from course_lib.grading.backends.message import JobMessage, library_version, pack_bytes
from course_lib.grading.grade_job import GradingJob, grade_submission
from course_lib.grading.templates import unit_template


def grade_message(wire: dict, work_dir: Path) -> dict:
    """Grade the job message ``wire`` (`JobMessage.to_wire`) in ``work_dir``; the result
    (see `course_lib.grading.backends.message`)."""
    message = JobMessage.from_wire(wire)
    if message.library != library_version():
        return {
            "unit": message.unit,
            "student": message.student,
            "refused": f"this worker runs course_lib {library_version()[:12]}, the job was "
            f"sent by {message.library[:12]}: install the instructor's version on the worker",
        }
    _journal(work_dir, "start", message)
    template = unit_template(work_dir / "templates", message.unit, message.source, message.config)
    (work_dir / "jobs").mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{message.unit}--", dir=work_dir / "jobs"))
    try:
        submission = scratch / "submitted.ipynb"
        submission.write_bytes(message.submission)
        job = GradingJob(
            config_root=template,
            unit=message.unit,
            student=message.student,
            submission=submission,
            source_notebook=template / "source" / message.unit / f"{message.unit}.ipynb",
            template=template,
            scratch=scratch / "work",
            timeout=message.timeout,
            sandboxed=message.sandboxed,
        )
        job.scratch.mkdir()
        result = grade_submission(job).as_dict()
        if result["autograded_notebook"]:
            autograded = Path(result["autograded_notebook"]).read_bytes()
            result["autograded_notebook"] = pack_bytes(autograded)
        _journal(work_dir, "end", message)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _journal(work_dir: Path, event: str, message: JobMessage) -> None:
    line = f"{time.time():.3f} {event} {message.unit} {message.student} {os.getpid()}\n"
    with open(work_dir / "journal.log", "a") as journal:
        journal.write(line)
