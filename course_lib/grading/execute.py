"""Execute source notebooks in place, keeping only what is the same on every run.

A notebook is run top to bottom in a fresh kernel from its own folder. nbclient would also
store per-cell execution timestamps and, where ipywidgets are used, the widgets' state with
random model ids: both change on every run and would churn the notebook and its release, so
they are left out (`strip_volatile_metadata`).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from course_lib.grading.notebook import read_notebook


def strip_volatile_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove cell execution timestamps and stored widget state, in place; return it."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    return notebook


def execute_notebook(path: Path, *, timeout: int = 120) -> None:
    """Run the notebook at ``path`` and write it back with its outputs."""
    from nbclient import NotebookClient

    notebook = read_notebook(path)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.write(strip_volatile_metadata(notebook), path)
