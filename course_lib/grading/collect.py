"""`course collect`: import submissions from a folder or a learning-management system's zip.

Every file, at any depth, is matched by its name: ``<student>_<unit>.ipynb`` where
``<unit>`` is one of the course's units and ``<student>`` is the id (letters, digits, ``.``,
``-`` and ``_``; what precedes the unit's name). A file is copied byte for byte, even when it
is not a valid notebook (grading reports that). Files that match no unit, and two files for
the same student and unit, are reported, never dropped silently nor guessed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from course_lib.grading.course import units
from course_lib.grading.workspace import Workspace

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class CollectReport:
    """What `collect` did: imported (student, unit) pairs and the files it could not match."""

    imported: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # file name: reason


def match_file(name: str, known_units: list[str]) -> tuple[str, str] | None:
    """(student, unit) named by a file name ``<student>_<unit>.ipynb``, or None."""
    if not name.endswith(".ipynb"):
        return None
    stem = name[: -len(".ipynb")]
    for unit in sorted(known_units, key=len, reverse=True):
        if stem.endswith("_" + unit):
            student = stem[: -len(unit) - 1]
            if STUDENT_ID.match(student):
                return student, unit
    return None


def collect(workspace: Workspace, path: Path) -> CollectReport:
    """Copy the submissions found in ``path`` (a folder or a .zip file) into
    ``submitted/<student>/<unit>/<unit>.ipynb``."""
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="course-collect-") as folder:
            with zipfile.ZipFile(path) as archive:
                for index, member in enumerate(archive.infolist()):
                    # Only the base name is used, so no member can write outside the folder.
                    name = Path(member.filename).name
                    if member.is_dir() or not name:
                        continue
                    target = Path(folder) / str(index) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(member) as source, open(target, "wb") as out:
                        shutil.copyfileobj(source, out)
                return _collect_folder(workspace, Path(folder))
    if not path.is_dir():
        raise FileNotFoundError(f"{path} is neither a folder nor a zip file")
    return _collect_folder(workspace, path)


def _collect_folder(workspace: Workspace, folder: Path) -> CollectReport:
    known = units(workspace.repository)
    report = CollectReport()
    found: dict[tuple[str, str], list[Path]] = {}
    for file in sorted(path for path in folder.rglob("*") if path.is_file()):
        if file.name.startswith("."):
            continue
        matched = match_file(file.name, known)
        if matched is None:
            report.unmatched.append(f"{file.name}: not named <student>_<unit>.ipynb")
        else:
            found.setdefault(matched, []).append(file)
    for (student, unit), files in sorted(found.items()):
        if len(files) > 1:
            report.unmatched.extend(
                f"{file.name}: {len(files)} files for {student} and {unit}" for file in files
            )
            continue
        target = workspace.submission(student, unit)
        if target.is_file() and target.read_bytes() == files[0].read_bytes():
            report.unchanged.append((student, unit))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files[0], target)
        report.imported.append((student, unit))
    return report
