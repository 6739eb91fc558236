"""Execute source notebooks in place, keeping only what is the same on every run.

A notebook is run top to bottom in a fresh kernel from its own folder. What would differ
from one run to the next is normalised away (`strip_volatile_metadata`): per-cell execution
timestamps, the widgets' stored state and their view outputs (random model ids, useless
without a live kernel), and the chunking of printed text into stream outputs, which depends
on timing; consecutive stream outputs of a cell are merged.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from course_lib.grading.ipc_kernel import IPCKernelManager
from course_lib.grading.notebook import read_notebook
from course_lib.reproducible import with_pinned_blas

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_volatile_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what changes between runs (see the module docstring), in place; return it."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
            for output in cell.outputs:
                output.get("data", {}).pop(WIDGET_VIEW, None)
    return notebook


def _merged_streams(outputs: list) -> list:
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text = "".join(previous.text) + "".join(output.text)
        else:
            merged.append(output)
    return merged


def execute_notebook(path: Path, *, timeout: int = 120) -> None:
    """Run the notebook at ``path`` and write it back with its outputs (the kernel on IPC
    sockets: `IPCKernelManager`, with OpenBLAS's kernels pinned: `course_lib.reproducible`)."""
    from nbclient import NotebookClient

    notebook = read_notebook(path)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=with_pinned_blas(os.environ))
    nbformat.write(strip_volatile_metadata(notebook), path)
