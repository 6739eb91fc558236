"""What travels between `course autograde` and a grading worker, as JSON-safe data.

A job message carries everything a worker needs and nothing else: the submission's bytes and
hash, the unit's source notebook without outputs (it holds the hidden tests, which a worker
runs in its trusted harness), the course's ``nbgrader_config.py``, the time limit, and the
version of ``course_lib`` that must grade it. A worker never reads the course folder. Byte
fields travel zlib-compressed and base64-encoded::

    {"unit": str, "student": str, "submission": b64, "submission_hash": sha256 hex,
     "source": b64, "config": b64, "timeout": int, "sandboxed": bool, "library": hex}

The result a worker sends back is `SubmissionResult.as_dict()` with the autograded notebook
as bytes (``"autograded_notebook": b64 | None``) instead of a path on the worker's disk; a
worker that must not grade the job (another ``course_lib`` version) answers
``{"unit", "student", "refused": reason}`` and the job stays ungraded.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

import course_lib

#: The message fields that hold bytes.
BYTE_FIELDS = ("submission", "source", "config")


class MessageError(ValueError):
    """A job message or result that is not in the documented form."""


@dataclass(frozen=True)
class JobMessage:
    """One submission to grade, as it travels to a worker."""

    unit: str
    student: str
    submission: bytes
    submission_hash: str
    source: bytes  # the unit's source notebook without outputs
    config: bytes  # the course's nbgrader_config.py
    timeout: int
    sandboxed: bool
    library: str  # `library_version()` of the sender

    @property
    def key(self) -> tuple[str, str]:
        """(unit, student): the submission this job grades."""
        return self.unit, self.student

    @property
    def digest(self) -> str:
        """A hash of everything that decides the grade: same digest, same grade."""
        parts = (
            self.unit,
            self.student,
            self.submission_hash,
            hashlib.sha256(self.source + b"\0" + self.config).hexdigest(),
            str(self.timeout),
            str(self.sandboxed),
            self.library,
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def to_wire(self) -> dict:
        """The message as JSON-safe data."""
        wire = {
            "unit": self.unit,
            "student": self.student,
            "submission_hash": self.submission_hash,
            "timeout": self.timeout,
            "sandboxed": self.sandboxed,
            "library": self.library,
        }
        for name in BYTE_FIELDS:
            wire[name] = pack_bytes(getattr(self, name))
        return wire

    @classmethod
    def from_wire(cls, wire: dict) -> JobMessage:
        """Read a message made by `to_wire`; MessageError names what is wrong."""
        if not isinstance(wire, dict):
            raise MessageError(f"a job message is a dict, got {type(wire).__name__}")
        expected = {"unit", "student", "submission_hash", "timeout", "sandboxed", "library"}
        missing = sorted((expected | set(BYTE_FIELDS)) - set(wire))
        if missing:
            raise MessageError(f"the job message lacks {missing}")
        fields = {name: wire[name] for name in expected}
        for name in BYTE_FIELDS:
            fields[name] = unpack_bytes(wire[name], name)
        message = cls(**fields)
        if hashlib.sha256(message.submission).hexdigest() != message.submission_hash:
            raise MessageError("the submission's bytes do not have the hash the message names")
        return message


def failed_result(message: JobMessage, reason: str) -> dict:
    """The result of a job that could not be graded: failed, with ``reason``."""
    from course_lib.grading.grade_job import SubmissionResult

    return SubmissionResult(
        message.unit, message.student, f"failed: {reason}", sandboxed=message.sandboxed
    ).as_dict()


def pack_bytes(data: bytes) -> str:
    """Bytes as compressed base64 text."""
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def unpack_bytes(text: object, name: str = "field") -> bytes:
    """The bytes `pack_bytes` packed; MessageError if ``text`` is not such a packing."""
    if not isinstance(text, str):
        raise MessageError(f"the message's {name} is not packed bytes")
    try:
        return zlib.decompress(base64.b64decode(text, validate=True))
    except (ValueError, zlib.error) as error:
        raise MessageError(f"the message's {name} is not packed bytes: {error}") from error


def source_without_outputs(path: Path) -> bytes:
    """The source notebook at ``path`` with every output and execution count removed: what
    grading needs of it, a tenth of its size."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(notebook).encode()


@cache
def library_version() -> str:
    """A hash of this ``course_lib``'s files (code and data): workers grade only with the
    same."""
    root = Path(course_lib.__file__).parent
    digest = hashlib.sha256()
    files = (path for path in root.rglob("*") if path.is_file() and path.suffix != ".pyc")
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
