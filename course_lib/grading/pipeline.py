"""`course autograde`: grade every collected submission, students in parallel.

Each (unit, student) is a `GradingJob` run in a process pool; a job works only in its own
scratch folder (a copy of the unit's template course, its own gradebook). The parent alone
writes the course's gradebook and the result files, one submission at a time and only once
its job is complete: first the autograded notebook, then the gradebook (one transaction),
last ``result.json``, which records the hash of the graded file. So:

- re-running skips every submission whose file still has the hash of its result
  (``force`` regrades everything) and gives the same grades;
- killing the parent at any moment (even ``kill -9``) loses nothing committed: a submission
  without its result file is graded again on the next run, and the gradebook update is
  idempotent;
- a job whose worker dies (a crash that takes the worker down) breaks the pool; its jobs are
  run again in a fresh pool, and a job that breaks a pool twice is marked failed.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from course_lib.grading.course import (
    SOURCE_DIR,
    configured_course_id,
    configured_timeout,
    nbgrader_api,
    units,
)
from course_lib.grading.grade_job import GradingJob, SubmissionResult, grade_submission
from course_lib.grading.gradebook_store import mirror_unit, open_gradebook, store_result
from course_lib.grading.sandbox.launch import check_sandbox
from course_lib.grading.workspace import Workspace, file_hash


class AutogradeError(RuntimeError):
    """nbgrader could not generate a unit's assignment, so none of its submissions can be
    graded."""


def autograde(
    workspace: Workspace,
    selected: list[str] | None = None,
    *,
    jobs: int | None = None,
    timeout: int | None = None,
    force: bool = False,
    progress: bool = True,
    sandboxed: bool = True,
) -> list[dict]:
    """Grade the collected submissions of the selected units (default: all).

    Args:
        workspace: the course folder and the repository holding ``solutions/``.
        selected: unit names; unknown names raise ValueError.
        jobs: submissions graded at once (default: one per core).
        timeout: seconds per cell (default: ``c.Execute.timeout`` of nbgrader_config.py).
        force: regrade submissions whose result is current.
        progress: show a progress bar on stderr.
        sandboxed: run the student's code in the sandbox (False: as plain processes, only with
            ``--no-sandbox``; those results say so).

    Raises:
        SandboxUnavailable: the sandbox cannot start on this host (the message says why).

    Returns:
        The result (`SubmissionResult.as_dict` plus ``hash``) of each submission graded now.
    """
    chosen = _chosen_units(workspace, selected)
    timeout = timeout or configured_timeout(workspace.repository)
    if sandboxed:
        check_sandbox()
    with workspace.exclusive():
        shutil.rmtree(workspace.scratch, ignore_errors=True)
        pending = [
            (student, unit, file_hash(workspace.submission(student, unit)))
            for student, unit in workspace.submissions(chosen)
        ]
        if not force:
            pending = [job for job in pending if _stored_hash(workspace, *job[:2]) != job[2]]
        if not pending:
            return []
        results = []
        course_id = configured_course_id(workspace.repository)
        with open_gradebook(workspace.gradebook, course_id) as gradebook:
            for unit in sorted({unit for _, unit, _ in pending}):
                template = _make_template(workspace, unit)
                with open_gradebook(template / "gradebook.db", course_id) as template_book:
                    mirror_unit(gradebook, template_book, unit)
            grading_jobs = {
                _job(workspace, student, unit, timeout, sandboxed): digest
                for student, unit, digest in pending
            }

            def store(job: GradingJob, result: SubmissionResult) -> None:
                stored = _store(workspace, gradebook, job, result, grading_jobs[job])
                results.append(stored)

            run_jobs(list(grading_jobs), jobs or os.cpu_count() or 1, store, progress)
        shutil.rmtree(workspace.scratch, ignore_errors=True)
    return results


def run_jobs(
    grading_jobs: list[GradingJob],
    workers: int,
    on_result: Callable[[GradingJob, SubmissionResult], None],
    progress: bool,
) -> None:
    """Run the jobs in a pool of ``workers`` processes, calling ``on_result`` in this process
    as each finishes; jobs of a broken pool are retried once in a new one."""
    from tqdm import tqdm

    attempts = dict.fromkeys(grading_jobs, 0)
    with tqdm(
        total=len(grading_jobs), desc="autograde", unit="submission", disable=not progress
    ) as bar:
        while attempts:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(_run_job, job): job for job in attempts}
                for future in as_completed(futures):
                    job = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        attempts[job] += 1
                        if attempts[job] < 2:
                            continue
                        result = SubmissionResult(
                            job.unit, job.student, "failed: the grading process died"
                        )
                    on_result(job, result)
                    del attempts[job]
                    bar.update()


def _run_job(job: GradingJob) -> SubmissionResult:
    shutil.rmtree(job.scratch, ignore_errors=True)
    job.scratch.mkdir(parents=True)
    return grade_submission(job)


def _store(
    workspace: Workspace, gradebook, job: GradingJob, result: SubmissionResult, digest: str
) -> dict:
    stored = {**result.as_dict(), "hash": digest}
    target = workspace.autograded / job.student / job.unit / f"{job.unit}.ipynb"
    target.unlink(missing_ok=True)
    if result.autograded_notebook:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(result.autograded_notebook, target)
        stored["autograded_notebook"] = str(target.relative_to(workspace.course))
    store_result(gradebook, stored)
    workspace.write_result(job.student, job.unit, stored)
    shutil.rmtree(job.scratch, ignore_errors=True)
    return stored


def _chosen_units(workspace: Workspace, selected: list[str] | None) -> list[str]:
    known = units(workspace.repository)
    unknown = sorted(set(selected or ()) - set(known))
    if unknown:
        raise ValueError(f"unknown unit(s) {unknown}; the units are {known}")
    return list(selected) if selected else known


def _stored_hash(workspace: Workspace, student: str, unit: str) -> str | None:
    stored = workspace.read_result(student, unit)
    return stored.get("hash") if stored else None


def _make_template(workspace: Workspace, unit: str) -> Path:
    """A scratch course where the unit's assignment is generated, for every job to copy."""
    template = workspace.scratch / "templates" / unit
    shutil.copytree(workspace.repository / SOURCE_DIR / unit, template / "source" / unit)
    api = nbgrader_api(workspace.repository, template, source_directory="source")
    outcome = api.generate_assignment(unit, force=True)
    if not outcome["success"]:
        raise AutogradeError(f"nbgrader could not generate {unit}: {outcome['error']}")
    return template


def _job(
    workspace: Workspace, student: str, unit: str, timeout: int, sandboxed: bool
) -> GradingJob:
    return GradingJob(
        config_root=workspace.repository,
        unit=unit,
        student=student,
        submission=workspace.submission(student, unit),
        source_notebook=workspace.source_notebook(unit),
        template=workspace.scratch / "templates" / unit,
        scratch=workspace.scratch / "jobs" / f"{unit}--{student}",
        timeout=timeout,
        sandboxed=sandboxed,
    )
