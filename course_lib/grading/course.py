"""The course's folders and nbgrader, driven through its Python API.

`repository_root` finds the checkout (the folder with ``nbgrader_config.py``); `nbgrader_api`
builds an `NbGraderAPI` on a course root of any layout, with the repository's configuration
loaded and the given settings on top.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"
SOURCE_DIR = "solutions"
RELEASE_DIR = "notebooks"


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) that holds
    ``nbgrader_config.py`` and ``solutions/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / SOURCE_DIR).is_dir():
            return folder
    raise FileNotFoundError(
        f"no course found at or above {here}: expected {CONFIG_FILE} beside a {SOURCE_DIR}/ "
        "folder (run the command inside the course repository)"
    )


def _load_config(config_root: Path):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG_FILE, path=str(config_root)).load_config()


def configured_timeout(config_root: Path) -> int:
    """``c.Execute.timeout`` of the course's ``nbgrader_config.py`` (nbgrader's default, 30 s,
    when it is not set)."""
    return int(_load_config(config_root).Execute.get("timeout", 30))


def configured_course_id(config_root: Path) -> str:
    """``c.CourseDirectory.course_id`` of the course's ``nbgrader_config.py``."""
    return str(_load_config(config_root).CourseDirectory.get("course_id", "default_course"))


def configured_db_url(config_root: Path) -> str | None:
    """``c.CourseDirectory.db_url`` of the course's ``nbgrader_config.py``, when it is set:
    the gradebook's database for the `course` commands and nbgrader's formgrader alike."""
    value = _load_config(config_root).CourseDirectory.get("db_url")
    return str(value) if value else None


def units(root: Path) -> list[str]:
    """The unit names: the folders of ``solutions/`` that hold ``<unit>.ipynb``."""
    if not (root / SOURCE_DIR).is_dir():
        raise FileNotFoundError(f"{root} has no {SOURCE_DIR}/ folder of source notebooks")
    return sorted(
        folder.name
        for folder in (root / SOURCE_DIR).iterdir()
        if (folder / f"{folder.name}.ipynb").is_file()
    )


def nbgrader_api(
    config_root: Path,
    course_root: Path,
    *,
    execute_timeout: int | None = None,
    autograde_preprocessors: list[type] | None = None,
    **course_directory: str,
):
    """An NbGraderAPI for ``course_root``, configured by ``config_root/nbgrader_config.py``
    and then by ``course_directory`` (CourseDirectory settings such as
    ``source_directory="source"``) and ``execute_timeout`` (seconds per cell, overriding
    ``c.Execute.timeout``) and ``autograde_preprocessors`` (what autograding runs, e.g. with
    the kernel in the sandbox: `course_lib.grading.sandbox.kernel`). nbgrader's log goes to the
    ``nbgrader`` logger, quiet below
    warnings."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = _load_config(config_root)
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.db_url = f"sqlite:///{course_root / 'gradebook.db'}"
    # The exchange (nbgrader's release/collect over a shared folder) is not used here; a
    # folder of the course's own keeps nbgrader from warning about the system-wide one.
    (course_root / "exchange").mkdir(parents=True, exist_ok=True)
    config.Exchange.root = str(course_root / "exchange")
    for name, value in course_directory.items():
        setattr(config.CourseDirectory, name, value)
    if execute_timeout is not None:
        config.Execute.timeout = execute_timeout
    if autograde_preprocessors is not None:
        config.Autograde.autograde_preprocessors = autograde_preprocessors
    _put_interpreter_tools_on_path()
    logger = logging.getLogger("nbgrader")
    logger.setLevel(logging.WARNING)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config, log=logger)


def _put_interpreter_tools_on_path() -> None:
    """nbgrader runs the ``alembic`` executable by name when it opens a gradebook; it lives
    beside this interpreter, which is not on PATH when a virtualenv is used unactivated
    (``.venv/bin/python -m course_lib``)."""
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")
