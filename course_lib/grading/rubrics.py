"""The graders' rubrics of the written answers, read from the source notebooks.

A written answer's cell in the source holds the model answer, then its rubric
(docs/authoring.md, "Written answers and their rubrics"):

    **Rubric** (3 points)
    - [1] names the separating hyperplane of one unit
    - [2] the four inequalities and the contradiction they lead to

An item may go on over lines indented by two spaces. The release replaces the cell, so the
students never see it; `course rubrics` writes ``rubrics/<unit>.md`` in the course folder,
one section per written answer: its question, the model answer and the rubric, for the
graders who score the answers in nbgrader's formgrader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_lib.grading.course import SOURCE_DIR, units
from course_lib.grading.notebook import NotebookError, nbgrader_metadata, read_notebook

HEADING = re.compile(r"^\*\*Rubric\*\* \((?P<points>\d+(?:\.\d+)?) points?\)[ \t]*$", re.M)
ITEM = re.compile(r"^- \[(?P<points>\d+(?:\.\d+)?)\] (?P<text>\S.*)$")
RUBRICS_DIR = "rubrics"


class RubricError(NotebookError):
    """A written answer without a rubric, or with one that does not add up."""


@dataclass(frozen=True)
class WrittenAnswer:
    """One manually graded cell of a source notebook."""

    grade_id: str
    points: float
    question: str  # the markdown cell above the answer
    model_answer: str  # the cell's text before its rubric
    rubric: tuple[tuple[float, str], ...]  # (points, what earns them), in order


def written_answers_with_rubrics(notebook: nbformat.NotebookNode) -> list[WrittenAnswer]:
    """Every written answer of a source notebook, in order, with its rubric.

    Raises:
        RubricError: naming the answer, when its rubric is missing, has a line that is not
            an item, or its items' points do not add up to the cell's points.
    """
    found = []
    for index, cell in enumerate(notebook.cells):
        meta = nbgrader_metadata(cell)
        if cell.cell_type != "markdown" or not (meta.get("grade") and meta.get("solution")):
            continue
        grade_id, points = meta.get("grade_id", f"cell {index}"), float(meta.get("points", 0))
        above = notebook.cells[index - 1].source if index else ""
        answer, stated, rubric = _split(grade_id, cell.source)
        if not rubric:
            raise RubricError(f"written answer {grade_id!r} has no rubric items")
        given = sum(item for item, _ in rubric)
        if abs(given - points) > 1e-9 or abs(stated - points) > 1e-9:
            raise RubricError(
                f"the rubric of {grade_id!r} states {stated:g} points and its items give "
                f"{given:g}, but the cell is worth {points:g}"
            )
        found.append(WrittenAnswer(grade_id, points, above.strip(), answer, tuple(rubric)))
    return found


def rubric_markdown(unit: str, answers: list[WrittenAnswer]) -> str:
    """The graders' page of a unit: each written answer's question, model answer, rubric."""
    lines = [f"# {unit}: rubrics of the written answers", ""]
    for answer in answers:
        lines += [f"## {answer.grade_id} ({answer.points:g} points)", "", answer.question, ""]
        lines += ["**Model answer**", "", answer.model_answer, "", "**Rubric**", ""]
        lines += [f"- [{points:g}] {text}" for points, text in answer.rubric]
        lines.append("")
    return "\n".join(lines)


def write_rubrics(repository: Path, course: Path) -> list[Path]:
    """Write ``<course>/rubrics/<unit>.md`` for every unit of the repository; return them."""
    written = []
    for unit in units(repository):
        notebook = read_notebook(repository / SOURCE_DIR / unit / f"{unit}.ipynb")
        path = course / RUBRICS_DIR / f"{unit}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rubric_markdown(unit, written_answers_with_rubrics(notebook)))
        written.append(path)
    return written


def _split(grade_id: str, source: str) -> tuple[str, float, list[tuple[float, str]]]:
    """(the model answer, the points its heading states, the rubric's items) of a written
    answer's source."""
    heading = HEADING.search(source)
    if heading is None:
        raise RubricError(
            f"written answer {grade_id!r} has no rubric: end it with a line "
            "'**Rubric** (P points)' and items '- [k] what earns k points'"
        )
    items: list[tuple[float, str]] = []
    for line in source[heading.end() :].strip("\n").splitlines():
        item = ITEM.match(line)
        if item:
            items.append((float(item["points"]), item["text"].strip()))
        elif line.startswith("  ") and items and line.strip():
            points, text = items[-1]
            items[-1] = (points, f"{text} {line.strip()}")
        elif line.strip():
            raise RubricError(f"the rubric of {grade_id!r} has a line that is no item: {line!r}")
    return source[: heading.start()].strip(), float(heading["points"]), items
