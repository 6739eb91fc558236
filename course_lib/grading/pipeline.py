"""`course autograde`: grade every collected submission, on a backend of the caller's choice.

Each (unit, student) becomes a job message (`backends.message.JobMessage`: the submission's
bytes, the unit's source, the time limit) that a backend runs somewhere, in a process pool
here (``local``) or on Celery workers (``celery``), and hands back as data. The parent alone
writes the course's gradebook and the result files, one submission at a time and only once
its result has arrived: first the autograded notebook, then the gradebook (under the
writers' lock), last ``result.json``, which records the hash of the graded file. So:

- re-running skips every submission whose file still has the hash of its result
  (``force`` regrades everything) and gives the same grades;
- killing the parent at any moment (even ``kill -9``) loses nothing committed: a submission
  without its result file is graded again on the next run, and the gradebook update is
  idempotent;
- a job whose worker dies is run again once; a job that kills its worker twice is marked
  failed, with the reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tqdm import tqdm

from course_lib.grading.backends import Backend
from course_lib.grading.backends.local import LocalBackend
from course_lib.grading.backends.message import (
    JobMessage,
    library_version,
    source_without_outputs,
    unpack_bytes,
)
from course_lib.grading.course import (
    CONFIG_FILE,
    configured_course_id,
    configured_timeout,
    units,
)
from course_lib.grading.gradebook_store import (
    add_students,
    mirror_unit,
    open_gradebook,
    store_result,
)
from course_lib.grading.sandbox.launch import check_sandbox
from course_lib.grading.templates import unit_template
from course_lib.grading.workspace import Workspace, content_hash


def autograde(
    workspace: Workspace,
    selected: list[str] | None = None,
    *,
    jobs: int | None = None,
    timeout: int | None = None,
    force: bool = False,
    progress: bool = True,
    sandboxed: bool = True,
    backend: Backend | None = None,
) -> list[dict]:
    """Grade the collected submissions of the selected units (default: all).

    Args:
        workspace: the course folder and the repository holding ``solutions/``.
        selected: unit names; unknown names raise ValueError.
        jobs: submissions graded at once by the default local backend (default: one per
            core).
        timeout: seconds per cell (default: ``c.Execute.timeout`` of nbgrader_config.py).
        force: regrade submissions whose result is current.
        progress: show a progress bar on stderr.
        sandboxed: run the student's code in the sandbox (False: as plain processes, only with
            ``--no-sandbox``; those results say so).
        backend: where the jobs run (default: `LocalBackend` with ``jobs`` processes).

    Raises:
        SandboxUnavailable: the sandbox cannot start on this host (the message says why).
        TemplateError: nbgrader cannot generate a unit's assignment.

    Returns:
        The result (`SubmissionResult.as_dict` plus ``hash``) of each submission graded now;
        a job a worker refused has status "not graded: <reason>" and is not stored.
    """
    chosen = _chosen_units(workspace, selected)
    timeout = timeout or configured_timeout(workspace.repository)
    if sandboxed:
        check_sandbox()
    with workspace.exclusive():
        shutil.rmtree(workspace.scratch, ignore_errors=True)
        submitted = {
            (student, unit): workspace.submission(student, unit).read_bytes()
            for student, unit in workspace.submissions(chosen)
        }
        pending = [
            (student, unit, content_hash(content)) for (student, unit), content in submitted.items()
        ]
        if not force:
            pending = [job for job in pending if _stored_hash(workspace, *job[:2]) != job[2]]
        if not pending:
            return []
        config = (workspace.repository / CONFIG_FILE).read_bytes()
        sources = {
            unit: source_without_outputs(workspace.source_notebook(unit))
            for unit in sorted({unit for _, unit, _ in pending})
        }
        messages = [
            JobMessage(
                unit=unit,
                student=student,
                submission=submitted[student, unit],
                submission_hash=digest,
                source=sources[unit],
                config=config,
                timeout=timeout,
                sandboxed=sandboxed,
                library=library_version(),
            )
            for student, unit, digest in pending
        ]
        results = []
        course_id = configured_course_id(workspace.repository)
        with open_gradebook(workspace.gradebook_url, course_id) as gradebook:
            for unit, source in sources.items():
                template = unit_template(workspace.scratch / "templates", unit, source, config)
                with open_gradebook(_sqlite(template / "gradebook.db"), course_id) as book:
                    mirror_unit(gradebook, book, unit)
            add_students(gradebook, sorted({student for student, _, _ in pending}))

            backend = backend or LocalBackend(jobs or os.cpu_count() or 1, workspace.scratch)
            with tqdm(
                total=len(messages), desc="autograde", unit="submission", disable=not progress
            ) as bar:

                def store(message: JobMessage, result: dict) -> None:
                    results.append(_store(workspace, gradebook, message, result))
                    bar.update()

                backend.run(messages, store)
        shutil.rmtree(workspace.scratch, ignore_errors=True)
    return results


def _store(workspace: Workspace, gradebook, message: JobMessage, result: dict) -> dict:
    if "refused" in result:
        return {
            "unit": message.unit,
            "student": message.student,
            "status": f"not graded: {result['refused']}",
            "sandboxed": message.sandboxed,
        }
    stored = {**result, "hash": message.submission_hash}
    target = workspace.autograded / message.student / message.unit / f"{message.unit}.ipynb"
    target.unlink(missing_ok=True)
    if result["autograded_notebook"]:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(unpack_bytes(result["autograded_notebook"], "autograded notebook"))
        stored["autograded_notebook"] = str(target.relative_to(workspace.course))
    store_result(gradebook, stored)
    workspace.write_result(message.student, message.unit, stored)
    return stored


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def _chosen_units(workspace: Workspace, selected: list[str] | None) -> list[str]:
    known = units(workspace.repository)
    unknown = sorted(set(selected or ()) - set(known))
    if unknown:
        raise ValueError(f"unknown unit(s) {unknown}; the units are {known}")
    return list(selected) if selected else known


def _stored_hash(workspace: Workspace, student: str, unit: str) -> str | None:
    stored = workspace.read_result(student, unit)
    return stored.get("hash") if stored else None
