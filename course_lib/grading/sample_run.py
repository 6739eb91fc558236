"""`course demo`: the whole grading job on the bundled sample class, in a temporary course.

Release unit 01 into a scratch course, write the sample class (`sample_class`) as a
learning-management system would hand it over (``<student>_01_perceptron.ipynb``), then
collect, autograde, write the feedback and export, exactly as an instructor would.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
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

#: The columns of a unit that are not exercises or written answers.
STATS = ("total", "status")


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


def format_table(header: list[str], rows: list[dict], *, width: int = 100) -> str:
    """The grade table as text at most ``width`` columns wide.

    With one unit: a column per exercise and written answer, numbered (a legend below names
    them), then the unit's total and its status. With several: each unit's total, the overall
    total and the status of every unit that is not plainly graded. Long statuses are cut to
    what fits.
    """
    units = list(dict.fromkeys(column.split(":", 1)[0] for column in header if ":" in column))
    if len(units) == 1:
        return _unit_table(header, rows, units[0], width)
    return _summary_table(rows, units, width)


def _unit_table(header: list[str], rows: list[dict], unit: str, width: int) -> str:
    graded = [c for c in header if c.startswith(unit + ":") and c.split(":")[1] not in STATS]
    labels = [f"{k + 1}" for k in range(len(graded))]
    names = ["student", *labels, "total", "status"]
    cells = [
        [
            row["student"],
            *(row.get(c, "") for c in graded),
            row.get(f"{unit}:total", ""),
            row.get(f"{unit}:status", ""),
        ]
        for row in rows
    ]
    legend = ", ".join(
        f"{label} {column.split(':')[1]}" for label, column in zip(labels, graded, strict=True)
    )
    return _aligned(names, cells, width) + "\n" + _wrapped(f"{unit}: {legend}", width)


def _summary_table(rows: list[dict], units: list[str], width: int) -> str:
    names = ["student", *(unit.split("_")[0] for unit in units), "total", "status"]
    cells = []
    for row in rows:
        statuses = [
            f"{unit.split('_')[0]} {row.get(f'{unit}:status', '')}"
            for unit in units
            if row.get(f"{unit}:status") != "graded"
        ]
        totals = [row.get(f"{unit}:total", "") for unit in units]
        cells.append([row["student"], *totals, row.get("total", ""), "; ".join(statuses)])
    return _aligned(names, cells, width)


def _aligned(names: list[str], cells: list[list[str]], width: int) -> str:
    """Columns aligned with two spaces between them; the last column cut to fit ``width``."""
    widths = [max(len(str(text)) for text in column) for column in zip(names, *cells, strict=True)]
    room = width - sum(widths[:-1]) - 2 * (len(widths) - 1)
    widths[-1] = max(10, min(widths[-1], room))
    lines = []
    for line in [names, *cells]:
        texts = [str(text) for text in line]
        last = texts[-1]
        texts[-1] = last if len(last) <= widths[-1] else last[: widths[-1] - 1] + "…"
        lines.append("  ".join(t.ljust(w) for t, w in zip(texts, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, subsequent_indent="  "))
