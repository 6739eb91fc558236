"""`course demo`: the sample class graded end to end gets the grades its students deserve."""

from __future__ import annotations

from course_units import ROOT

from course_lib.grading.sample_run import format_table, run_sample_class

UNIT = "01_perceptron"
FULL = 19


def test_the_sample_class_is_graded_as_each_student_deserves(tmp_path):
    kept = tmp_path / "course"
    report, header, rows = run_sample_class(ROOT, jobs=2, timeout=5, keep=kept, progress=False)
    assert len(report.imported) == 11 and not report.unmatched
    by_student = {row["student"]: row for row in rows}
    total, status = f"{UNIT}:total", f"{UNIT}:status"
    assert by_student["perfect"][total] == by_student["noisy"][total] == str(FULL)
    assert by_student["blank"][total] == "0"
    assert 0 < float(by_student["partial"][total]) < FULL
    assert by_student["partial"][f"{UNIT}:tlu"] == "0"
    looping = by_student["looping"]
    assert looping[f"{UNIT}:gate_weights"] == "0" and looping[total] == str(FULL - 3)
    cheating = by_student["cheating"]
    assert cheating[f"{UNIT}:tlu"] == "0" and cheating[total] == str(FULL - 2)
    borrowing = by_student["borrowing"]
    assert borrowing[f"{UNIT}:tlu"] == borrowing[f"{UNIT}:train_perceptron"] == "0"
    assert borrowing[total] == str(FULL - 2 - 4)
    feedback = (kept / "feedback" / "borrowing" / UNIT / f"{UNIT}.html").read_text()
    assert feedback.count("asks you to write it yourself") == 2
    assert by_student["reusing"][total] == by_student["crashing"][total] == str(FULL)
    crashed = (kept / "feedback" / "crashing" / UNIT / f"{UNIT}.html").read_text()
    assert "did not run to the end" in crashed
    snooping = by_student["snooping"]
    assert snooping[f"{UNIT}:tlu"] == "0" and snooping[total] == str(FULL - 2)
    snooped = (kept / "feedback" / "snooping" / UNIT / f"{UNIT}.html").read_text()
    assert "nothing to copy from" in snooped
    assert by_student["malformed"][status].startswith("failed: ")
    assert by_student["malformed"].get(total, "") == by_student["malformed"]["total"] == ""
    assert all(row[status].startswith(("graded", "failed")) for row in rows)
    assert header[0] == "student" and header[-1] == "total"
    assert max(map(len, format_table(header, rows).splitlines())) <= 100
