"""Length-prefixed messages over pipes, read within a deadline: how the grading worker and
its verifier process talk (`course_lib.grading.verifier`)."""

from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct("!Q")


def write_frame(fd: int, payload: bytes) -> None:
    """Write ``payload`` with its length in front, all of it (the call blocks while the
    pipe is full)."""
    data = memoryview(HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


def read_frame(fd: int, deadline: float | None, limit: int) -> bytes | None:
    """The next message on ``fd``, or None if the pipe closes first, ``deadline`` (a
    ``time.monotonic()`` value; None waits for ever) passes, or the message is longer than
    ``limit`` bytes."""
    header = _read_exactly(fd, HEADER.size, deadline)
    if header is None:
        return None
    (size,) = HEADER.unpack(header)
    return None if size > limit else _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks, missing = [], size
    while missing:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return None
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
