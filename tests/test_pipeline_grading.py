"""`course collect`, `autograde`, `feedback` and `export` end to end on the fixture unit.

One class of students is graded once (two jobs in parallel) for the whole module; each test
reads what that run stored.
"""

from __future__ import annotations

import copy
import csv
import zipfile

import nbformat
import pytest
from fixture_course import UNIT, fixture_notebook, make_course

from course_lib.cli import main
from course_lib.grading.collect import collect, match_file
from course_lib.grading.course import configured_course_id
from course_lib.grading.export import export
from course_lib.grading.feedback import write_feedback
from course_lib.grading.gradebook_store import cell_scores, open_gradebook
from course_lib.grading.notebook import nbgrader_metadata
from course_lib.grading.pipeline import autograde
from course_lib.grading.release import release
from course_lib.grading.workspace import Workspace

WRONG = "def double(x):\n    return 42"


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if nbgrader_metadata(c).get("grade_id") == grade_id)


def _edited(edit):
    notebook = fixture_notebook()
    edit(notebook)
    return notebook


def _set_answer(notebook, source):
    _cell(notebook, "double").source = source


def _edit_tests(notebook):
    _set_answer(notebook, WRONG)
    _cell(notebook, "double_tests").source = "pass"


def _delete_tests(notebook):
    _set_answer(notebook, WRONG)
    notebook.cells.remove(_cell(notebook, "double_tests"))


def _readd_tests(notebook):
    _set_answer(notebook, WRONG)
    duplicate = copy.deepcopy(_cell(notebook, "double_tests"))
    duplicate.source, duplicate.id = "pass", "readded"
    notebook.cells.insert(2, duplicate)


def _raise_points(notebook):
    _cell(notebook, "double_tests").metadata.nbgrader.points = 100


def _drop_answer_metadata(notebook):
    del _cell(notebook, "double").metadata["nbgrader"]


def _rebind_check(notebook):
    _set_answer(notebook, WRONG)
    cheat = nbformat.v4.new_code_cell("check_close = lambda *a, **k: None\nnp.allclose = all")
    cheat.id = "cheat"
    notebook.cells.insert(3, cheat)


def _crash(notebook):
    crash = nbformat.v4.new_code_cell("import os\nos._exit(1)")
    crash.id = "crash"
    notebook.cells.insert(3, crash)


NOISY = (
    "import sys\ndef double(x):\n    print('debug', file=sys.stderr)\n"
    "    np.exp(np.float64(1e4))\n    return 2.0 * np.asarray(x, dtype=float)\n"
    "print('hi', file=sys.stderr)"
)
SWALLOWS_INTERRUPT = (
    "def double(x):\n    while True:\n        try:\n            pass\n"
    "        except KeyboardInterrupt:\n            pass\n"
)
PRINTS_MEGABYTES = (
    "def double(x):\n    print('x' * 5_000_000)\n    return 2.0 * np.asarray(x, dtype=float)\n"
)
#: 4.8 GB: the machine has it, the grading kernel may not take it.
EXHAUSTS_MEMORY = (
    "def double(x):\n    hoard = np.ones(6 * 10**8)\n"
    "    return 2.0 * np.asarray(x, dtype=float) + 0 * hoard[0]\n"
)
#: student -> (notebook, or raw bytes, and the expected (status, score of double)).
CLASS = {
    "perfect": (fixture_notebook(), ("graded", 2)),
    "noisy": (_edited(lambda nb: _set_answer(nb, NOISY)), ("graded", 2)),
    "wrong": (_edited(lambda nb: _set_answer(nb, WRONG)), ("graded", 0)),
    "edits-tests": (_edited(_edit_tests), ("graded", 0)),
    "deletes-tests": (_edited(_delete_tests), ("graded", 0)),
    "raises-points": (_edited(_raise_points), ("graded", 2)),
    "drops-answer-metadata": (_edited(_drop_answer_metadata), ("graded", 0)),
    "rebinds-check": (_edited(_rebind_check), ("graded", 0)),
    "crashes": (_edited(_crash), ("graded", 2)),
    "swallows-interrupt": (
        _edited(lambda nb: _set_answer(nb, SWALLOWS_INTERRUPT)),
        ("graded", 0),
    ),
    "prints-megabytes": (_edited(lambda nb: _set_answer(nb, PRINTS_MEGABYTES)), ("graded", 2)),
    "exhausts-memory": (_edited(lambda nb: _set_answer(nb, EXHAUSTS_MEMORY)), ("graded", 0)),
    "malformed": (b'{"cells": [', ("failed", None)),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("course"))
    release(root)
    download = root / "download"
    download.mkdir()
    for student, (notebook, _) in CLASS.items():
        path = download / f"{student}_{UNIT}.ipynb"
        if isinstance(notebook, bytes):
            path.write_bytes(notebook)
        else:
            nbformat.write(notebook, path)
    blank = root / "notebooks" / UNIT / f"{UNIT}.ipynb"
    (download / f"blank_{UNIT}.ipynb").write_bytes(blank.read_bytes())
    (download / "readme.txt").write_text("not a submission")
    workspace = Workspace(root, root)
    report = collect(workspace, download)
    (workspace.submitted / "absent").mkdir()
    results = autograde(workspace, jobs=2, timeout=10, progress=False)
    return workspace, report, {r["student"]: r for r in results}


def test_collect_imports_every_named_file_and_reports_the_rest(graded):
    _, report, _ = graded
    assert sorted(student for student, _ in report.imported) == sorted([*CLASS, "blank"])
    assert report.unmatched == ["readme.txt: not named <student>_<unit>.ipynb"]


@pytest.mark.parametrize("student", CLASS)
def test_each_student_gets_the_expected_grade(graded, student):
    _, _, results = graded
    status, score = CLASS[student][1]
    assert results[student]["status"].split(":")[0] == status
    if score is not None:
        assert results[student]["exercises"]["double"]["score"] == score


def test_the_blank_release_earns_zero(graded):
    assert graded[2]["blank"]["exercises"]["double"]["score"] == 0


def test_a_cell_that_rebinds_the_checks_never_runs_in_the_grader(graded):
    """The cheat's own cell rebinds check_close before the tests: it is not an answer cell,
    so the grader never runs it, and the answer fails the real tests in the harness."""
    double = graded[2]["rebinds-check"]["exercises"]["double"]
    assert double["score"] == 0
    assert "should be a numpy array" in double["message"]


def test_a_notebook_that_kills_its_kernel_is_graded_and_says_so(graded):
    """The crash is in a cell that is not an answer: every exercise is graded, and the result
    says why nbgrader's run (the formgrader's copy) stopped."""
    crashed = graded[2]["crashes"]
    assert crashed["exercises"]["double"]["score"] == 2
    assert "kernel died" in crashed["notebook_run"]
    assert crashed["autograded_notebook"], "the formgrader still gets the notebook"
    assert graded[2]["perfect"]["notebook_run"] == ""


def test_failures_say_why(graded):
    results = graded[2]
    assert "not a readable notebook" in results["malformed"]["status"]
    swallowed = results["swallows-interrupt"]["exercises"]["double"]
    assert swallowed["message"] == "timed out after 10 s"
    greedy = results["exhausts-memory"]["exercises"]["double"]
    assert greedy["message"].startswith("tests: MemoryError")


def test_the_gradebook_holds_the_final_scores(graded):
    workspace, _, results = graded
    course_id = configured_course_id(workspace.repository)
    with open_gradebook(workspace.gradebook_url, course_id) as book:
        for student, result in results.items():
            scores = cell_scores(book, UNIT, student)
            if result["status"] == "graded":
                assert scores["double_tests"] == result["exercises"]["double"]["score"]
                assert scores["why"] is None  # the written answer awaits a person
            else:
                assert scores == {}


def test_export_tells_graded_missing_and_failed_apart(graded):
    workspace, _, _ = graded
    export(workspace)
    with open(workspace.grades_csv) as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert list(rows["perfect"]) == [
        "student",
        f"{UNIT}:double",
        f"{UNIT}:why",
        f"{UNIT}:total",
        f"{UNIT}:status",
        "total",
    ]
    assert rows["perfect"][f"{UNIT}:double"] == "2" and rows["perfect"]["total"] == "2"
    assert rows["blank"][f"{UNIT}:double"] == "0" and rows["blank"]["total"] == "0"
    assert rows["perfect"][f"{UNIT}:why"] == ""
    assert rows["absent"][f"{UNIT}:status"] == "missing"
    assert rows["malformed"][f"{UNIT}:status"].startswith("failed: ")
    assert rows["malformed"][f"{UNIT}:double"] == rows["malformed"]["total"] == ""


def test_feedback_never_shows_the_hidden_tests(graded):
    workspace, _, _ = graded
    files = write_feedback(workspace)
    assert len(files) == len(CLASS) + 1
    hidden = fixture_notebook().cells[3].source.split("### BEGIN HIDDEN TESTS")[1]
    hidden_lines = [line.strip() for line in hidden.splitlines() if line.strip()]
    for path in files:
        html = path.read_text()
        assert "Traceback" not in html
        for line in hidden_lines:
            assert line not in html, f"{path} shows hidden test line {line!r}"
    wrong = (workspace.feedback / "wrong" / UNIT / f"{UNIT}.html").read_text()
    assert "0.0 / 2.0" in wrong and "failed" in wrong and "AssertionError" in wrong


def test_autograde_again_is_idempotent_and_regrades_only_what_changed(graded):
    workspace, _, _ = graded
    assert autograde(workspace, jobs=2, timeout=10, progress=False) == []
    fixed = workspace.course / "fixed"
    fixed.mkdir(exist_ok=True)
    nbformat.write(fixture_notebook(), fixed / f"wrong_{UNIT}.ipynb")
    collect(workspace, fixed)
    assert [r["student"] for r in autograde(workspace, timeout=10, progress=False)] == ["wrong"]
    assert workspace.read_result("wrong", UNIT)["exercises"]["double"]["score"] == 2


def test_collect_reads_a_zip_and_reports_clashes(tmp_path):
    root = make_course(tmp_path)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"a/ann_{UNIT}.ipynb", "{}")
        zipped.writestr(f"b/bob_{UNIT}.ipynb", "1")
        zipped.writestr(f"c/bob_{UNIT}.ipynb", "2")
        zipped.writestr("c/../../escape.ipynb", "x")
    report = collect(Workspace(root, root), archive)
    assert report.imported == [("ann", UNIT)]
    assert sorted(report.unmatched) == [
        "bob_00_fixture.ipynb: 2 files for bob and 00_fixture",
        "bob_00_fixture.ipynb: 2 files for bob and 00_fixture",
        "escape.ipynb: not named <student>_<unit>.ipynb",
    ]
    assert (root / "submitted" / "ann" / UNIT / f"{UNIT}.ipynb").read_text() == "{}"
    assert not (tmp_path.parent / "escape.ipynb").exists()


@pytest.mark.parametrize(
    "name, expected",
    [
        (f"s123_{UNIT}.ipynb", ("s123", UNIT)),
        (f"jane.doe_{UNIT}.ipynb", ("jane.doe", UNIT)),
        (f"{UNIT}.ipynb", None),
        (f"jane_{UNIT}.py", None),
        (f"../x_{UNIT}.ipynb", None),
    ],
)
def test_file_names_name_the_student_and_the_unit(name, expected):
    assert match_file(name, [UNIT]) == expected


def test_the_commands_run_on_a_course_folder(graded, monkeypatch, capsys):
    workspace, _, _ = graded
    monkeypatch.chdir(workspace.repository)
    assert main(["export", "--course-dir", str(workspace.course)]) == 0
    assert "perfect" in capsys.readouterr().out
    assert main(["feedback"]) == 0
    assert "feedback files written" in capsys.readouterr().out
