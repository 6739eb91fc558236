"""Autograde submissions of one unit with nbgrader in a scratch course folder, and read the
score of every graded cell back from the gradebook.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.course import nbgrader_api


class AutogradeError(RuntimeError):
    """nbgrader could not generate the assignment or grade a submission."""


@dataclass(frozen=True)
class CellScore:
    """The score of one graded cell; ``score`` is None until a person grades it."""

    grade_id: str
    score: float | None
    max_score: float
    auto: bool  # autograded (a test cell) rather than manually graded (a written answer)


def autograde_unit(
    config_root: Path, unit_folder: Path, submissions: dict[str, Path]
) -> dict[str, dict[str, CellScore]]:
    """Grade each student's notebook for the unit whose source folder is ``unit_folder``.

    Args:
        config_root: the folder with the course's ``nbgrader_config.py``.
        unit_folder: ``solutions/<unit>``, holding ``<unit>.ipynb``.
        submissions: student id -> path of the notebook that student handed in.

    Returns:
        student id -> grade_id -> `CellScore`, for every graded cell of the notebook.
    """
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    unit = unit_folder.name
    with (
        tempfile.TemporaryDirectory(prefix="course-autograde-") as scratch,
        warnings.catch_warnings(),
    ):
        # nbgrader 0.9.6 trips this SQLAlchemy warning on every new submission; it is noise.
        warnings.filterwarnings("ignore", category=SAWarning)
        course = Path(scratch)
        api = nbgrader_api(config_root, course, source_directory="source")
        shutil.copytree(unit_folder, course / "source" / unit)
        _require(api.generate_assignment(unit, force=True), f"generate {unit}")
        for student, notebook in submissions.items():
            target = course / "submitted" / student / unit
            target.mkdir(parents=True)
            shutil.copy(notebook, target / f"{unit}.ipynb")
            _require(api.autograde(unit, student, force=True), f"autograde {student}")
        results = {}
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
            for student in submissions:
                graded = gradebook.find_submission_notebook(unit, unit, student)
                results[student] = {
                    grade.name: CellScore(
                        grade.name, grade.score, grade.max_score, grade.auto_score is not None
                    )
                    for grade in graded.grades
                }
        return results


def _require(outcome: dict, what: str) -> None:
    if not outcome["success"]:
        log = "\n".join(outcome["log"].strip().splitlines()[-15:])
        raise AutogradeError(f"nbgrader could not {what}:\n{log}")
