"""Generate the student release in ``notebooks/`` from the source notebooks in
``solutions/`` with nbgrader, or check that the committed release is up to date.

nbgrader works in a temporary course folder, so the repository never sees its gradebook;
the generated files then replace ``notebooks/<unit>/`` (or are compared with it).
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_lib.grading.course import RELEASE_DIR, SOURCE_DIR, nbgrader_api, units
from course_lib.grading.execute import strip_volatile_metadata
from course_lib.grading.notebook import read_notebook

#: Text that must never reach a student's notebook.
FORBIDDEN_IN_RELEASE = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


class ReleaseError(RuntimeError):
    """nbgrader could not generate a unit, or its output leaks solutions or hidden tests."""


@dataclass(frozen=True)
class UnitRelease:
    """What releasing one unit found: the files that differ from the committed release."""

    unit: str
    changed: tuple[str, ...]

    @property
    def stale(self) -> bool:
        return bool(self.changed)


def release(
    root: Path, selected: list[str] | None = None, *, check: bool = False
) -> list[UnitRelease]:
    """Generate the release of the selected units (default: all).

    Args:
        root: the repository root.
        selected: unit names; unknown names raise ValueError listing the known ones.
        check: compare with ``notebooks/`` instead of writing to it.

    Returns:
        One `UnitRelease` per unit, naming the files that differ (before writing them).
    """
    known = units(root)
    chosen = known if not selected else list(selected)
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise ValueError(f"unknown unit(s) {unknown}; the units are {known}")
    with tempfile.TemporaryDirectory(prefix="course-release-") as scratch:
        course = Path(scratch)
        api = nbgrader_api(root, course, source_directory="source", release_directory="release")
        results = []
        for unit in chosen:
            shutil.copytree(root / SOURCE_DIR / unit, course / "source" / unit)
            outcome = api.generate_assignment(unit, force=True)
            if not outcome["success"]:
                log = "\n".join(outcome["log"].strip().splitlines()[-15:])
                raise ReleaseError(f"nbgrader could not release {unit}:\n{log}")
            generated = course / "release" / unit
            _strip_volatile(generated)
            refuse_leaks(generated)
            target = root / RELEASE_DIR / unit
            results.append(UnitRelease(unit, _differences(generated, target)))
            if not check:
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(generated, target)
    return results


def _strip_volatile(folder: Path) -> None:
    for path in sorted(folder.rglob("*.ipynb")):
        nbformat.write(strip_volatile_metadata(read_notebook(path)), path)


def refuse_leaks(folder: Path) -> None:
    """Raise ReleaseError if a notebook below ``folder`` holds solution or hidden-test
    markers, or outputs. nbgrader removes all of them; this guards against it ever not."""
    for path in sorted(folder.rglob("*.ipynb")):
        notebook = read_notebook(path)
        for index, cell in enumerate(notebook.cells):
            leaked = [marker for marker in FORBIDDEN_IN_RELEASE if marker in cell.source]
            if leaked or cell.get("outputs"):
                what = f"markers {leaked}" if leaked else "outputs"
                raise ReleaseError(f"{path.name} cell {index} would release {what}")


def _files(folder: Path) -> set[Path]:
    """Files below ``folder`` relative to it, leaving out hidden ones (.ipynb_checkpoints)."""
    if not folder.is_dir():
        return set()
    found = (path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
    return {path for path in found if not any(part.startswith(".") for part in path.parts)}


def _differences(generated: Path, committed: Path) -> tuple[str, ...]:
    """Relative paths that are new, missing or different in ``committed``."""
    new, old = _files(generated), _files(committed)
    changed = {
        path
        for path in new | old
        if path not in new
        or path not in old
        or not filecmp.cmp(generated / path, committed / path, shallow=False)
    }
    return tuple(sorted(str(path) for path in changed))
