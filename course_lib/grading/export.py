"""`course export`: the grade table as CSV, one row per student.

Columns: ``student``; for each unit, ``<unit>:<grade_id>`` for each autograded exercise and
each written answer, ``<unit>:total`` and ``<unit>:status``; then ``total``. A status is
``graded``, ``graded without sandbox`` (``course autograde --no-sandbox``: the student's code
ran unprotected, so the grade is only as good as the student's honesty), ``missing``
(nothing handed in), ``not graded yet`` (collected, not autograded since), or
``failed: <reason>``. Scores come from the gradebook (so a score overridden or a
written answer graded in nbgrader's formgrader is exported); a written answer nobody graded
yet, and every score of a missing or failed unit, is empty, never 0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from course_lib.grading.course import configured_course_id, units
from course_lib.grading.gradebook_store import cell_scores, open_gradebook
from course_lib.grading.notebook import exercises, read_notebook, written_answers
from course_lib.grading.workspace import Workspace, file_hash, write_atomically


@dataclass(frozen=True)
class UnitColumns:
    """A unit's graded cells, in the order of the notebook."""

    unit: str
    exercises: tuple[str, ...]
    written: tuple[str, ...]


def unit_columns(workspace: Workspace) -> list[UnitColumns]:
    """The graded cells of every unit of the repository."""
    found = []
    for unit in units(workspace.repository):
        source = read_notebook(workspace.source_notebook(unit))
        found.append(UnitColumns(unit, tuple(exercises(source)), tuple(written_answers(source))))
    return found


def grade_table(workspace: Workspace) -> tuple[list[str], list[dict]]:
    """The header and one row (column -> text) per student."""
    layout = unit_columns(workspace)
    header = ["student"]
    for unit in layout:
        header += [f"{unit.unit}:{gid}" for gid in (*unit.exercises, *unit.written)]
        header += [f"{unit.unit}:total", f"{unit.unit}:status"]
    header.append("total")
    rows = []
    course_id = configured_course_id(workspace.repository)
    with open_gradebook(workspace.gradebook_url, course_id) as gradebook:
        for student in workspace.students():
            row: dict = {"student": student}
            overall: float | None = None
            for unit in layout:
                status = unit_status(workspace, student, unit.unit)
                row[f"{unit.unit}:status"] = status
                if not is_graded(status):
                    continue
                scores = cell_scores(gradebook, unit.unit, student)
                values = {gid: scores.get(f"{gid}_tests") for gid in unit.exercises}
                values.update({gid: scores.get(gid) for gid in unit.written})
                for gid, value in values.items():
                    row[f"{unit.unit}:{gid}"] = _number(value)
                unit_total = sum(value for value in values.values() if value is not None)
                row[f"{unit.unit}:total"] = _number(unit_total)
                overall = (overall or 0.0) + unit_total
            row["total"] = _number(overall)
            rows.append(row)
    return header, rows


GRADED, UNSANDBOXED = "graded", "graded without sandbox"


def unit_status(workspace: Workspace, student: str, unit: str) -> str:
    """graded, graded without sandbox, missing, not graded yet, or failed: <reason> (see the
    module docstring)."""
    submission = workspace.submission(student, unit)
    if not submission.is_file():
        return "missing"
    result = workspace.read_result(student, unit)
    if result is None or result.get("hash") != file_hash(submission):
        return "not graded yet"
    if result["status"] == GRADED and not result.get("sandboxed", False):
        return UNSANDBOXED
    return result["status"]


def is_graded(status: str) -> bool:
    """Whether a `unit_status` has scores."""
    return status in (GRADED, UNSANDBOXED)


def export(workspace: Workspace) -> tuple[list[str], list[dict]]:
    """Write ``grades.csv`` in the course folder; return its header and rows."""
    header, rows = grade_table(workspace)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(workspace.grades_csv, buffer.getvalue())
    return header, rows


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
