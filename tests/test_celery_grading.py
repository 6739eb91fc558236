"""Grading on several machines, on one: Celery workers on RabbitMQ, gradebook and results in
PostgreSQL.

The servers run for the whole module on free loopback ports as an unprivileged user, and two
`course worker` processes, each in its own session, grade from the broker (`cluster`); every
process is stopped by its id when the module ends, also when a test fails. That the workers
give the sample class the grades of the local pool is tested in `test_pipeline_demo`, beside
the local run it compares with.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from cluster import Cluster, running_cluster
from fixture_course import UNIT, fixture_class

from course_lib.grading.backends.celery_queue import KILLED_TWICE
from course_lib.grading.course import configured_course_id
from course_lib.grading.export import export
from course_lib.grading.gradebook_store import cell_scores, open_gradebook
from course_lib.grading.pipeline import autograde
from course_lib.grading.workspace import Workspace

#: Seconds a test waits for something the workers do before it fails.
PATIENCE = 180


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """RabbitMQ, PostgreSQL and two workers, for the whole module."""
    with running_cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


def _grade_on_cluster(cluster: Cluster, workspace: Workspace) -> list[dict]:
    """`autograde` with the Celery backend of the module's cluster."""
    return autograde(workspace, timeout=10, progress=False, backend=cluster.backend(workspace))


def _fixture_class(folder: Path, students: list[str]) -> Workspace:
    root = fixture_class(folder, students)
    return Workspace(root, root)


def _grade_beside(killer, cluster, workspace: Workspace, stop=None) -> list[dict]:
    """Grade on the cluster while ``killer`` runs in a thread (``stop`` is set when grading
    ends); then two workers run again."""
    thread = threading.Thread(target=killer)
    thread.start()
    try:
        return _grade_on_cluster(cluster, workspace)
    finally:
        if stop is not None:
            stop.set()
        thread.join()
        cluster.workers.keep(2)


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {PATIENCE} s for {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_job_loses_no_grade(cluster, tmp_path):
    workers = cluster.workers
    students = [f"k{index}" for index in range(4)]
    workspace = _fixture_class(tmp_path, students)
    before = workers.starts()
    killed = []

    def kill_the_first_worker_that_starts():
        _wait_for(lambda: workers.starts() - before, "a job to start")
        _, _, student, pid = next(
            line for line in reversed(workers.journal()) if line[0] == "start"
        )
        worker = next(p for p in workers.alive() if _in_session(pid, p.pid))
        workers.kill(worker)
        killed.append(student)

    graded = _grade_beside(kill_the_first_worker_that_starts, cluster, workspace)

    assert len(killed) == 1
    assert sorted(r["student"] for r in graded) == students
    assert all(r["status"] == "graded" for r in graded)
    runs = workers.starts() - before
    assert set(runs) == {(UNIT, s) for s in students}
    assert sum(runs.values()) <= len(students) + 1
    with open_gradebook(
        workspace.gradebook_url, configured_course_id(workspace.repository)
    ) as book:
        assert all(cell_scores(book, UNIT, s)["double_tests"] == 2 for s in students)


def test_the_instructor_killed_mid_run_then_rerun_loses_nothing_and_grades_nothing_twice(
    cluster, tmp_path
):
    workers = cluster.workers
    students = [f"p{index}" for index in range(6)]
    workspace = _fixture_class(tmp_path, students)
    before = workers.starts()
    command = [sys.executable, "-m", "course_lib", "autograde", "--backend", "celery"]
    command += ["--broker", cluster.broker, "--results", workers.results, "--timeout", "10"]
    instructor = subprocess.Popen(
        command,
        cwd=workspace.course,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_for(
        lambda: any(workspace.read_result(s, UNIT) for s in students), "the first stored result"
    )
    os.killpg(instructor.pid, signal.SIGKILL)
    instructor.wait()
    stored_before = [s for s in students if workspace.read_result(s, UNIT)]
    assert len(stored_before) < len(students), "the kill came too late to test anything"

    graded = _grade_on_cluster(cluster, workspace)

    assert sorted(r["student"] for r in graded) == sorted(set(students) - set(stored_before))
    assert all(workspace.read_result(s, UNIT)["status"] == "graded" for s in students)
    assert workers.starts() - before == Counter({(UNIT, s): 1 for s in students})


def test_a_notebook_that_kills_its_worker_every_time_fails_after_two_deliveries(cluster, tmp_path):
    """The test stands for such a notebook: it kills the process grading ``doomed`` each
    time one starts (a student's code cannot: it runs in the sandbox)."""
    workers = cluster.workers
    workspace = _fixture_class(tmp_path, ["doomed", "fine"])
    before = workers.starts()
    stop = threading.Event()

    def kill_every_grading_of_doomed():
        killed = set()
        while not stop.is_set():
            for event, _, student, pid in workers.journal():
                if event == "start" and student == "doomed" and pid not in killed:
                    killed.add(pid)
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            time.sleep(0.02)

    graded = _grade_beside(kill_every_grading_of_doomed, cluster, workspace, stop)

    by_student = {r["student"]: r for r in graded}
    assert by_student["fine"]["status"] == "graded"
    assert by_student["doomed"]["status"] == f"failed: {KILLED_TWICE}"
    assert (workers.starts() - before)[(UNIT, "doomed")] == 2
    row = {row["student"]: row for row in export(workspace)[1]}["doomed"]
    assert row[f"{UNIT}:status"].startswith("failed") and row.get(f"{UNIT}:total", "") == ""


def test_two_instructors_grading_into_one_postgresql_gradebook_store_every_grade_once(
    cluster, tmp_path
):
    """The first names the gradebook with --db-url, the second in its nbgrader_config.py (as
    the formgrader reads it); export reads it back either way."""
    url = cluster.database.create_database("gradebook")
    students = [f"t{index}" for index in range(3)]
    first, second = (_fixture_class(tmp_path / ta, students).course for ta in ("ta1", "ta2"))
    with open(second / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    command = [sys.executable, "-m", "course_lib", "autograde", "--jobs", "1", "--timeout", "10"]
    instructors = [
        subprocess.Popen(
            command + options,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for folder, options in ((first, ["--db-url", url]), (second, []))
    ]
    outputs = [process.communicate(timeout=PATIENCE) for process in instructors]

    assert [process.returncode for process in instructors] == [0, 0], outputs
    assert not (second / "gradebook.db").exists()
    with open_gradebook(url, configured_course_id(first)) as book:
        submissions = book.find_assignment(UNIT).submissions
        assert sorted(s.student.id for s in submissions) == students
        assert all(cell_scores(book, UNIT, s)["double_tests"] == 2 for s in students)
    for folder, options in ((first, ["--db-url", url]), (second, [])):
        exported = subprocess.run(
            [sys.executable, "-m", "course_lib", "export", *options],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
        assert all(f"{s} " in exported.stdout for s in students)


def _in_session(pid: int, session_leader: int) -> bool:
    """Whether process ``pid`` belongs to the session that ``session_leader`` leads."""
    try:
        return os.getsid(pid) == session_leader
    except ProcessLookupError:
        return False
