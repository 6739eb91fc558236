"""The points a notebook's text promises are the points nbgrader awards: each heading's
"(P points)", the overview table's column and a stated total match the cells' metadata."""

from __future__ import annotations

import re

import pytest
from course_units import UNITS, source_notebook

HEADING_POINTS = re.compile(r"^###? .*\((\d+) points?\)", re.MULTILINE)
TABLE_ROW = re.compile(r"^\|(?!\s*-).*\|\s*(\d+)\s*\|\s*$", re.MULTILINE)
STATED_TOTAL = re.compile(r":\s*(\d+) points\.")


def graded_points(notebook) -> list[tuple[int, float]]:
    """(cell index, points) of every graded cell, in notebook order."""
    return [
        (index, cell.metadata["nbgrader"]["points"])
        for index, cell in enumerate(notebook.cells)
        if cell.metadata.get("nbgrader", {}).get("grade")
    ]


def markdown_cells(notebook):
    """(index, source) of the markdown cells that are not rubrics or model answers."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution"):
            yield index, cell.source


@pytest.mark.parametrize("unit", UNITS)
def test_each_heading_names_the_points_of_the_next_graded_cell(unit):
    notebook = source_notebook(unit)
    graded = graded_points(notebook)
    for index, source in markdown_cells(notebook):
        for match in HEADING_POINTS.finditer(source):
            following = [points for cell, points in graded if cell > index]
            assert following, f"cell {index} promises {match[1]} points but no graded cell follows"
            assert int(match[1]) == following[0], (
                f"cell {index}: {match[0]!r}, but the next graded cell gives {following[0]} points"
            )


@pytest.mark.parametrize("unit", UNITS)
def test_the_overview_table_and_total_match_the_graded_cells(unit):
    notebook = source_notebook(unit)
    points = [points for _, points in graded_points(notebook)]
    for index, source in markdown_cells(notebook):
        if "| exercise | points |" in source:
            listed = [int(value) for value in TABLE_ROW.findall(source)]
            assert listed == points, f"cell {index} lists points {listed}, the cells give {points}"
        for total in STATED_TOTAL.findall(source):
            assert int(total) == sum(points), (
                f"cell {index} states {total} points in all, the cells give {sum(points)}"
            )
