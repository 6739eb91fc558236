"""An exercise as a student runs it in JupyterLab: the setup cells, an answer and the test
cell, one after another in one namespace, with the real library (the `own_work` blocks of
the test cell keep the rule there)."""

from __future__ import annotations

import traceback

import nbformat

from course_lib.grading.harness.session import Verdict
from course_lib.grading.notebook import exercises, setup_source
from course_lib.quiet import quietly


def run_in_kernel(
    notebook: nbformat.NotebookNode, grade_id: str, answer: str | None = None
) -> Verdict:
    """Run the setup cells, ``answer`` (default: the notebook's answer cell) and the
    exercise's test cell in a fresh namespace of this process."""
    exercise = exercises(notebook)[grade_id]
    stages = (
        ("setup", setup_source(notebook)),
        (grade_id, exercise.solution if answer is None else answer),
        (f"{grade_id}_tests", exercise.tests),
    )
    namespace: dict = {"__name__": "__main__"}
    for name, source in stages:
        try:
            code = compile(source, f"<{name}>", "exec")
            with quietly():
                exec(code, namespace)
        except Exception as error:  # any failure of student code or tests is a failed test
            summary = traceback.format_exception_only(type(error), error)[-1].strip()
            return Verdict(False, f"{name}: {summary}")
    return Verdict(True)
