"""What a student sees in JupyterLab: every unit's student notebook renders with its locked
cells and nbgrader's Validate button, and the first exercise's visible test fails readably
before it is solved; every solution notebook runs from top to bottom in the browser's kernel
without an error, with every figure shown and every widget responding to its sliders.

Screenshots of every notebook land in artifacts/screenshots/ (see conftest.py)."""

from __future__ import annotations

import nbformat
import pytest
from course_units import UNITS
from lab_page import CELLS, ERROR_OUTPUTS, FIGURES, WIDGET_MIME
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def first_exercise(notebook: nbformat.NotebookNode) -> tuple[list[int], int, int]:
    """Cell indices of the first exercise: the setup cells before it, its answer cell, and
    its test cell (the first autograded code cell)."""
    tests = next(
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    )
    answer = max(
        index
        for index, cell in enumerate(notebook.cells[:tests])
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    )
    setup = [
        index
        for index, cell in enumerate(notebook.cells[:answer])
        if "setup" in cell.metadata.get("tags", [])
    ]
    return setup, answer, tests


def code_outputs(notebook: nbformat.NotebookNode):
    """(cell index, output) for every output of every code cell."""
    return [
        (index, output)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
    ]


@pytest.mark.parametrize("unit", UNITS)
def test_student_notebook_renders_and_the_first_test_fails_readably(unit, open_notebook):
    notebook = open_notebook(f"notebooks/{unit}/{unit}.ipynb", f"{unit}-student")
    stored = notebook.stored()
    page = notebook.page

    markdown = [cell for cell in stored.cells if cell.cell_type == "markdown"]
    expect(page.locator(f"{CELLS}.jp-MarkdownCell.jp-mod-rendered")).to_have_count(len(markdown))
    # The course writes math, and only math, between dollar signs.
    with_math = [cell for cell in markdown if "$" in cell.source]
    typeset = page.locator(f"{CELLS}.jp-MarkdownCell").filter(has=page.locator("mjx-container"))
    expect(typeset).to_have_count(len(with_math))
    views = notebook.cell_views()
    assert [index for index, view in enumerate(views) if view["raw_tex"]] == []

    locked = [
        index for index, cell in enumerate(stored.cells) if not cell.metadata.get("editable", True)
    ]
    assert locked, "the release locks no cell"
    assert [index for index, view in enumerate(views) if view["read_only"]] == locked

    setup, answer, tests = first_exercise(stored)
    assert not notebook.accepts_typing(tests), "the locked test cell can be edited"
    assert notebook.accepts_typing(answer), "the answer cell cannot be edited"

    expect(page.locator(".jp-NotebookPanel-toolbar .validate-button")).to_have_text("Validate")
    expect(page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader")).to_be_visible()

    for index in [*setup, answer, tests]:
        notebook.run_cell(index)
    error = notebook.cell(tests).locator(ERROR_OUTPUTS, has_text="Traceback")
    expect(error).to_contain_text("NotImplementedError")
    error.scroll_into_view_if_needed()  # for the screenshot
    assert notebook.page_errors == []


@pytest.mark.parametrize("unit", UNITS)
def test_solution_notebook_runs_in_lab_with_figures_and_widgets(unit, open_notebook):
    notebook = open_notebook(f"solutions/{unit}/{unit}.ipynb", f"{unit}-solution")
    notebook.run_all()
    saved = notebook.save()
    outputs = code_outputs(saved)

    errors = [
        f"cell {index}: {output.ename}: {output.evalue}"
        for index, output in outputs
        if output.output_type == "error"
    ]
    assert errors == []
    counts = [cell.execution_count for cell in saved.cells if cell.cell_type == "code"]
    assert None not in counts, f"cells left unrun: {counts}"
    assert counts == sorted(counts), f"cells ran out of order: {counts}"

    png_outputs = sum("image/png" in output.get("data", {}) for _, output in outputs)
    widths = notebook.figures(png_outputs)
    assert all(width > 0 for width in widths), f"figures that did not decode: {widths}"

    widget_outputs = sum(WIDGET_MIME in output.get("data", {}) for _, output in outputs)
    views = notebook.widget_views()
    expect(views).to_have_count(widget_outputs)
    for view in views.all():
        expect(view.locator(".jupyter-widgets").first).to_be_visible()
        for slider in view.locator(".widget-hslider").all():
            notebook.move_slider(slider, view)
        expect(view.locator(ERROR_OUTPUTS, has_text="Traceback")).to_have_count(0)
        view.scroll_into_view_if_needed()  # for the screenshot
    if not widget_outputs and widths:
        notebook.page.locator(FIGURES).last.scroll_into_view_if_needed()  # for the screenshot
    assert notebook.page_errors == []
