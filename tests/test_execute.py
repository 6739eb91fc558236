"""Executing a source notebook stores its outputs and nothing that changes between runs."""

from __future__ import annotations

import gc
from pathlib import Path

import nbformat
from fixture_course import UNIT, fixture_notebook, make_course

from course_lib.cli import main
from course_lib.grading.execute import WIDGET_VIEW, execute_notebook, strip_volatile_metadata
from course_lib.grading.ipc_kernel import IPCKernelManager
from course_lib.reproducible import PINNED_BLAS, with_pinned_blas


def test_strip_merges_streams_and_drops_timestamps_and_widgets():
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["widgets"] = {"state": {}}
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
        nbformat.v4.new_output(
            "display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "slider"}
        ),
    ]
    notebook.cells = [cell]
    strip_volatile_metadata(notebook)
    assert "widgets" not in notebook.metadata and "execution" not in cell.metadata
    assert [o.output_type for o in cell.outputs] == ["stream", "stream", "display_data"]
    assert cell.outputs[0].text == "a\nb\n" and cell.outputs[1].name == "stderr"
    assert dict(cell.outputs[2].data) == {"text/plain": "slider"}


def test_execute_command_runs_a_unit_and_gives_the_same_file_twice(tmp_path, monkeypatch, capfd):
    notebook = fixture_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("for k in range(3):\n    print(k)"))
    root = make_course(tmp_path, notebook)
    monkeypatch.chdir(root)
    path = root / "solutions" / UNIT / f"{UNIT}.ipynb"
    assert main(["execute", UNIT]) == 0
    printed = capfd.readouterr()
    assert printed.err == "" and printed.out.split() == [UNIT, "executed"]
    first = path.read_text()
    executed = nbformat.reads(first, as_version=4)
    assert executed.cells[-1].outputs[0].text == "0\n1\n2\n"
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert main(["execute"]) == 0
    assert path.read_text() == first
    assert main(["execute", "99_none"]) == 2


def test_the_kernel_runs_with_openblas_pinned_even_when_the_caller_is_not(tmp_path, monkeypatch):
    for name in PINNED_BLAS:
        monkeypatch.delenv(name, raising=False)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(f"import os\nprint(os.environ.get({name!r}))")
        for name in PINNED_BLAS
    ]
    path = tmp_path / "pinned.ipynb"
    nbformat.write(notebook, path)
    execute_notebook(path)
    printed = [cell.outputs[0].text for cell in nbformat.read(path, as_version=4).cells]
    expected = with_pinned_blas({})  # empty on a CPU that cannot run the pinned kernels
    assert printed == [f"{expected.get(name)}\n" for name in PINNED_BLAS]


def test_a_kernel_folder_is_removed_with_its_manager_even_if_never_cleaned_up():
    # A client that starts no kernel, or never cleans one up, must not leave the folder behind.
    manager = IPCKernelManager()
    runtime = Path(manager.runtime)
    assert runtime.is_dir()
    del manager
    gc.collect()
    assert not runtime.exists()
