"""Grade one answer of one exercise exactly as `course autograde` grades it.

The answer (the reference solution, or a deliberately wrong variant) runs in a child of the
given sandbox (`course_lib.grading.sandbox.student_processes`) after the notebook's setup
cells, and the notebook's test cell runs in the harness against it
(`course_lib.grading.harness.session`): the test suite grades hundreds of variants this way,
through the same boundary as the students' submissions.
"""

from __future__ import annotations

import nbformat

from course_lib.grading.harness.session import Verdict, grade_exercise
from course_lib.grading.notebook import exercises, setup_source
from course_lib.grading.sandbox.student_processes import StudentProcesses

#: Seconds per exercise: generous, as in nbgrader_config.py.
TIMEOUT = 60.0


def run_exercise(
    notebook: nbformat.NotebookNode,
    grade_id: str,
    answer: str | None = None,
    *,
    processes: StudentProcesses,
    earlier: list[tuple[str, str]] = (),
    timeout: float = TIMEOUT,
) -> Verdict:
    """Grade ``answer`` (default: the notebook's own answer cell) with the exercise's tests.

    Args:
        notebook: a source notebook (with hidden tests) or a release notebook.
        grade_id: the exercise's grade_id.
        answer: Python source replacing the answer cell.
        processes: the sandbox the answer runs in.
        earlier: (grade_id, source) of answer cells run before it, as in a notebook.
    """
    exercise = exercises(notebook)[grade_id]
    answers = [*earlier, (grade_id, exercise.solution if answer is None else answer)]
    return grade_exercise(
        processes,
        grade_id,
        setup=setup_source(notebook),
        answers=answers,
        tests=exercise.tests,
        timeout=timeout,
    )
