"""`course demo`: the sample class graded end to end gets the grades its students deserve,
and Celery workers give it the same grades as the local pool did."""

from __future__ import annotations

import nbformat
import pytest
from cluster import running_cluster, stored_grades
from course_units import ROOT

from course_lib.grading.collect import collect
from course_lib.grading.pipeline import autograde
from course_lib.grading.sample_run import build_sample_course, format_table, run_sample_class
from course_lib.grading.workspace import Workspace

UNIT = "01_perceptron"
FULL = 16
TIMEOUT = 5


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """What `course demo` found and exported, and the course folder it kept."""
    kept = tmp_path_factory.mktemp("demo") / "course"
    report, header, rows = run_sample_class(
        ROOT, jobs=2, timeout=TIMEOUT, keep=kept, progress=False
    )
    return report, header, rows, kept


def test_the_sample_class_is_graded_as_each_student_deserves(demo):
    report, header, rows, kept = demo
    assert len(report.imported) == 11 and not report.unmatched
    by_student = {row["student"]: row for row in rows}
    total, status = f"{UNIT}:total", f"{UNIT}:status"
    assert by_student["perfect"][total] == by_student["noisy"][total] == str(FULL)
    assert by_student["blank"][total] == "0"
    assert 0 < float(by_student["partial"][total]) < FULL
    assert by_student["partial"][f"{UNIT}:xor_two_layer"] == "0"
    looping = by_student["looping"]
    assert looping[f"{UNIT}:gate_weights"] == "0" and looping[total] == str(FULL - 3)
    cheating = by_student["cheating"]
    assert cheating[f"{UNIT}:xor_two_layer"] == "0" and cheating[total] == str(FULL - 2)
    borrowing = by_student["borrowing"]
    assert borrowing[f"{UNIT}:xor_two_layer"] == borrowing[f"{UNIT}:train_perceptron"] == "0"
    assert borrowing[total] == str(FULL - 2 - 4)
    feedback = (kept / "feedback" / "borrowing" / UNIT / f"{UNIT}.html").read_text()
    assert feedback.count("asks you to write it yourself") == 2
    assert by_student["reusing"][total] == by_student["crashing"][total] == str(FULL)
    crashed = (kept / "feedback" / "crashing" / UNIT / f"{UNIT}.html").read_text()
    assert "did not run to the end" in crashed
    snooping = by_student["snooping"]
    assert snooping[f"{UNIT}:xor_two_layer"] == "0" and snooping[total] == str(FULL - 2)
    snooped = (kept / "feedback" / "snooping" / UNIT / f"{UNIT}.html").read_text()
    assert "nothing to copy from" in snooped
    assert by_student["malformed"][status].startswith("failed: ")
    assert by_student["malformed"].get(total, "") == by_student["malformed"]["total"] == ""
    assert all(row[status].startswith(("graded", "failed")) for row in rows)
    assert header[0] == "student" and header[-1] == "total"
    assert max(map(len, format_table(header, rows).splitlines())) <= 100


def test_celery_workers_give_the_sample_class_the_grades_of_the_local_pool(demo, tmp_path):
    *_, kept = demo
    local = Workspace(kept, kept)
    (tmp_path / "course").mkdir()
    remote, download = build_sample_course(ROOT, tmp_path / "course")
    collect(remote, download)
    with running_cluster(tmp_path / "cluster") as cluster:
        graded = autograde(remote, timeout=TIMEOUT, progress=False, backend=cluster.backend(remote))

    assert len(graded) == 11
    grades = stored_grades(remote, [UNIT])
    assert grades == stored_grades(local, [UNIT])
    assert {student for student, (status, _) in grades.items() if status != "graded"} == {
        "malformed"
    }
    assert not (remote.course / ".course-queue.json").exists()
    for student in ("perfect", "crashing"):
        notebook = remote.autograded / student / UNIT / f"{UNIT}.ipynb"
        assert nbformat.read(notebook, as_version=4).cells
