"""`course demo`: the whole grading job on the bundled sample class, in a temporary course.

Release unit 01 into a scratch course, write the sample class (`sample_class`) as a
learning-management system would hand it over (``<student>_01_perceptron.ipynb``), then
collect, autograde, write the feedback and export, exactly as an instructor would.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from course_lib.grading.collect import CollectReport, collect
from course_lib.grading.course import CONFIG_FILE, RELEASE_DIR, SOURCE_DIR
from course_lib.grading.export import export
from course_lib.grading.feedback import write_feedback
from course_lib.grading.notebook import read_notebook
from course_lib.grading.pipeline import autograde
from course_lib.grading.release import release
from course_lib.grading.sample_class import SAMPLE_UNIT, sample_class
from course_lib.grading.workspace import Workspace


def build_sample_course(repository: Path, folder: Path) -> tuple[Workspace, Path]:
    """A course in ``folder`` with unit 01 released, and the folder of the sample class's
    files (named like an LMS download); returns the workspace and that folder."""
    shutil.copy(repository / CONFIG_FILE, folder / CONFIG_FILE)
    shutil.copytree(repository / SOURCE_DIR / SAMPLE_UNIT, folder / SOURCE_DIR / SAMPLE_UNIT)
    release(folder)
    source = read_notebook(folder / SOURCE_DIR / SAMPLE_UNIT / f"{SAMPLE_UNIT}.ipynb")
    student_release = read_notebook(folder / RELEASE_DIR / SAMPLE_UNIT / f"{SAMPLE_UNIT}.ipynb")
    download = folder / "lms-download"
    download.mkdir()
    for student, content in sample_class(source, student_release).items():
        (download / f"{student}_{SAMPLE_UNIT}.ipynb").write_bytes(content)
    return Workspace(folder, folder), download


def run_sample_class(
    repository: Path, *, jobs: int, timeout: int, keep: Path | None = None, progress: bool = True
) -> tuple[CollectReport, list[str], list[dict]]:
    """Grade the sample class end to end; return what collect found and the exported table
    (header, rows). ``keep`` copies the course folder there for inspection."""
    with tempfile.TemporaryDirectory(prefix="course-demo-") as scratch:
        workspace, download = build_sample_course(repository, Path(scratch))
        report = collect(workspace, download)
        autograde(workspace, jobs=jobs, timeout=timeout, progress=progress)
        write_feedback(workspace)
        header, rows = export(workspace)
        if keep is not None:
            shutil.copytree(scratch, keep, dirs_exist_ok=True)
    return report, header, rows


def format_table(header: list[str], rows: list[dict]) -> str:
    """The grade table as aligned text: the unit prefix dropped from column names."""
    names = [column.split(":", 1)[-1] for column in header]
    cells = [[str(row.get(column, "")) for column in header] for row in rows]
    widths = [max(len(text) for text in column) for column in zip(names, *cells, strict=True)]
    widths[-2] = min(widths[-2], 70)  # the status column, shortened
    lines = [names, *cells]
    return "\n".join(
        "  ".join(
            text[:width].ljust(width) for text, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )
