"""The jobs a `course autograde` run sent to the queue and has not stored yet.

The ledger (``<course>/.course-queue.json``) lets an interrupted run be rerun with nothing
lost or graded twice: a job the ledger names as sent is not sent again, its result (kept by
the result store until it is stored) is awaited instead. Each entry is
``"<unit>/<student>": {"task_id": str, "digest": JobMessage.digest, "sent": bool}``; an entry
written before its job was sent (``sent`` false) is sent again, as the job may never have
reached the broker.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from course_lib.grading.workspace import write_atomically


class Ledger:
    """The ledger file at ``path``, read once and rewritten atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict] = json.loads(path.read_text()) if path.is_file() else {}

    def task_id(self, key: tuple[str, str], digest: str) -> tuple[str, bool]:
        """The task id of the job ``key`` with ``digest`` and whether it was sent already; a
        new id (not yet sent) when the ledger has none for that digest."""
        entry = self.entries.get(_name(key))
        if entry and entry["digest"] == digest:
            return entry["task_id"], entry["sent"]
        return str(uuid.uuid4()), False

    def record(self, jobs: dict[tuple[str, str], tuple[str, str]], *, sent: bool) -> None:
        """Record ``jobs`` (key -> (task id, digest)) as sent or about to be sent."""
        for key, (task_id, digest) in jobs.items():
            self.entries[_name(key)] = {"task_id": task_id, "digest": digest, "sent": sent}
        self._write()

    def forget(self, key: tuple[str, str]) -> None:
        """Drop the job ``key``, whose result is stored, at the next `flush` (an entry left
        by a kill is harmless: a stored result is never sent again)."""
        self.entries.pop(_name(key), None)

    def flush(self) -> None:
        """Write the dropped entries' absence."""
        self._write()

    def _write(self) -> None:
        if self.entries:
            write_atomically(self.path, json.dumps(self.entries, indent=1, sort_keys=True))
        else:
            self.path.unlink(missing_ok=True)


def _name(key: tuple[str, str]) -> str:
    unit, student = key
    return f"{unit}/{student}"
