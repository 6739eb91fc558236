"""The instructor's course folder, in nbgrader's layout, and the results stored in it.

```
<course>/submitted/<student>/<unit>/<unit>.ipynb    what `course collect` imported
<course>/autograded/<student>/<unit>/<unit>.ipynb   the notebook as nbgrader executed it
<course>/autograded/<student>/<unit>/result.json    the grading result (SubmissionResult)
<course>/feedback/<student>/<unit>/<unit>.html      `course feedback`
<course>/gradebook.db                               nbgrader's gradebook (scores), unless
                                                    a database URL names another
<course>/grades.csv                                 `course export`
<course>/.course-scratch/                           work in progress of `course autograde`
```

The course folder defaults to the repository root; the source notebooks always come from the
repository's ``solutions/``, never from a student.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from course_lib.grading.course import SOURCE_DIR


@dataclass(frozen=True)
class Workspace:
    """Paths of a course folder (``course``) graded against a repository (``repository``),
    and the gradebook's database (``db_url``, a SQLAlchemy URL; default: ``gradebook.db`` in
    the course folder)."""

    repository: Path
    course: Path
    db_url: str | None = None

    @property
    def submitted(self) -> Path:
        return self.course / "submitted"

    @property
    def autograded(self) -> Path:
        return self.course / "autograded"

    @property
    def feedback(self) -> Path:
        return self.course / "feedback"

    @property
    def gradebook_url(self) -> str:
        return self.db_url or f"sqlite:///{self.course / 'gradebook.db'}"

    @property
    def grades_csv(self) -> Path:
        return self.course / "grades.csv"

    @property
    def scratch(self) -> Path:
        return self.course / ".course-scratch"

    def source_notebook(self, unit: str) -> Path:
        return self.repository / SOURCE_DIR / unit / f"{unit}.ipynb"

    def submission(self, student: str, unit: str) -> Path:
        return self.submitted / student / unit / f"{unit}.ipynb"

    def result_file(self, student: str, unit: str) -> Path:
        return self.autograded / student / unit / "result.json"

    def submissions(self, units: list[str]) -> list[tuple[str, str]]:
        """(student, unit) of every collected submission of the given units, sorted."""
        if not self.submitted.is_dir():
            return []
        return sorted(
            (folder.name, unit)
            for folder in self.submitted.iterdir()
            for unit in units
            if self.submission(folder.name, unit).is_file()
        )

    def students(self) -> list[str]:
        """Every student with a folder of submissions."""
        if not self.submitted.is_dir():
            return []
        return sorted(folder.name for folder in self.submitted.iterdir() if folder.is_dir())

    def read_result(self, student: str, unit: str) -> dict | None:
        """The stored result of a submission, or None when it was not graded."""
        path = self.result_file(student, unit)
        if not path.is_file():
            return None
        return json.loads(path.read_text())

    def write_result(self, student: str, unit: str, result: dict) -> None:
        """Store ``result`` atomically: a reader sees the old file or the new, never half."""
        write_atomically(self.result_file(student, unit), json.dumps(result, indent=1))

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the course's grading lock: a second `course autograde` waits for the first."""
        self.course.mkdir(parents=True, exist_ok=True)
        with open(self.course / ".course-grading.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return content_hash(path.read_bytes())


def content_hash(content: bytes) -> str:
    """The SHA-256 of ``content``, in hex: what a result records of the file it graded."""
    return hashlib.sha256(content).hexdigest()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    with open(temporary, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
