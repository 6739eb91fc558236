"""`course check NOTEBOOK`: a student's own check of a notebook, before handing it in.

Each exercise is checked as it will be graded: the notebook's answer cells up to and
including the exercise's run in the sandbox (or, where the machine cannot start one, as plain
processes, which the output says), and the notebook's own visible test cell runs against them
in the `course` process. The wording is honest: passing the visible tests is necessary, and
the hidden tests run too when the notebook is graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.harness.submission import grade_answers
from course_lib.grading.notebook import read_notebook
from course_lib.grading.sandbox.launch import SandboxUnavailable, check_sandbox
from course_lib.grading.sandbox.student_processes import StudentProcesses

NOT_ATTEMPTED = "NotImplementedError"


@dataclass(frozen=True)
class CheckLine:
    """What the check says about one exercise."""

    exercise: str
    state: str  # "passes", "fails" or "not attempted"
    message: str = ""

    def __str__(self) -> str:
        if self.state == "passes":
            return (
                f"{self.exercise}: passes the visible tests "
                "(hidden tests will also run when it is graded)"
            )
        if self.state == "not attempted":
            return f"{self.exercise}: not attempted (raises NotImplementedError)"
        return f"{self.exercise}: fails: {self.message}"


def sandbox_note() -> str:
    """Nothing when the sandbox can start here; else one line saying the check runs without."""
    try:
        check_sandbox()
    except SandboxUnavailable as error:
        return f"(checked without a sandbox: {error})"
    return ""


def check_notebook(path: Path, *, timeout: float = 60.0, sandboxed: bool = True) -> list[CheckLine]:
    """Run every exercise's visible tests of the notebook at ``path``; NotebookError if the
    file is not a readable notebook or breaks the course's structure."""
    notebook = read_notebook(path)
    with StudentProcesses(sandboxed=sandboxed) as processes:
        verdicts = grade_answers(notebook, notebook, processes, timeout=timeout)
    lines = []
    for name, verdict in verdicts.items():
        if verdict.passed:
            lines.append(CheckLine(name, "passes"))
        elif verdict.message.split(": ", 1)[-1].startswith(NOT_ATTEMPTED):
            lines.append(CheckLine(name, "not attempted"))
        else:
            lines.append(CheckLine(name, "fails", verdict.message))
    return lines
