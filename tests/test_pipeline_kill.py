"""`course autograde` killed with SIGKILL in the middle of a batch loses no grade: the
results committed before the kill stay, and the next run grades exactly the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from fixture_course import UNIT, fixture_class

from course_lib.grading.course import configured_course_id
from course_lib.grading.gradebook_store import cell_scores, open_gradebook
from course_lib.grading.pipeline import autograde
from course_lib.grading.workspace import Workspace

STUDENTS = ("s1", "s2", "s3", "s4")


def test_kill_9_mid_batch_then_rerun_loses_nothing(tmp_path):
    root = fixture_class(tmp_path, STUDENTS)
    workspace = Workspace(root, root)
    grader = subprocess.Popen(
        [sys.executable, "-m", "course_lib", "autograde", "--jobs", "1", "--timeout", "10"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while workspace.read_result("s1", UNIT) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(grader.pid, signal.SIGKILL)
    grader.wait()
    done_before = [s for s in STUDENTS if workspace.read_result(s, UNIT) is not None]
    assert 1 <= len(done_before) < len(STUDENTS), "the kill came too late to test anything"

    regraded = autograde(workspace, jobs=2, timeout=10, progress=False)

    assert sorted(r["student"] for r in regraded) == sorted(set(STUDENTS) - set(done_before))
    with open_gradebook(workspace.gradebook_url, configured_course_id(root)) as gradebook:
        for student in STUDENTS:
            assert workspace.read_result(student, UNIT)["status"] == "graded"
            assert cell_scores(gradebook, UNIT, student)["double_tests"] == 2
