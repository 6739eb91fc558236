"""Messages over a stream socket: a JSON header, then raw byte buffers, read within limits.

The frame is ``!IQ`` (number of buffers, length of the JSON text), the length of each buffer
(``!Q``), the JSON text, then the buffers. A receiver refuses a frame larger than its limit
before reading it, and a deadline (a ``time.monotonic()`` value) bounds every read.
"""

from __future__ import annotations

import json
import socket
import struct
import time

HEADER = struct.Struct("!IQ")
LENGTH = struct.Struct("!Q")
#: More buffers than this in one message is malformed.
MAX_BUFFERS = 1_000_000


class WireError(ValueError):
    """Malformed, oversized or unexpected data from the other side, or a closed channel."""


class ChannelClosed(WireError):
    """The other side closed the channel (its process ended)."""


class ChannelTimeout(TimeoutError):
    """The other side did not answer before the deadline."""


def send(sock: socket.socket, message: object, buffers: list[bytes | memoryview]) -> None:
    """Send ``message`` (JSON-able) and ``buffers`` as one frame."""
    text = json.dumps(message, separators=(",", ":")).encode()
    head = HEADER.pack(len(buffers), len(text))
    lengths = b"".join(LENGTH.pack(len(buffer)) for buffer in buffers)
    try:
        sock.sendall(head + lengths + text)
        for buffer in buffers:
            sock.sendall(buffer)
    except OSError as error:
        raise ChannelClosed(f"the other side closed the channel ({error.strerror})") from None


def receive(
    sock: socket.socket, *, limit: int, deadline: float | None = None
) -> tuple[object, list[bytes]]:
    """The next frame's message and buffers.

    Raises:
        WireError: the frame is larger than ``limit`` bytes or is not valid JSON;
            `ChannelClosed` when the channel closed.
        ChannelTimeout: ``deadline`` passed first.
    """
    count, size = HEADER.unpack(_read(sock, HEADER.size, deadline))
    if count > MAX_BUFFERS:
        raise WireError(f"a message with {count} buffers")
    lengths = [
        LENGTH.unpack_from(chunk, 8 * k)[0]
        for chunk in [_read(sock, LENGTH.size * count, deadline)]
        for k in range(count)
    ]
    if size + sum(lengths) > limit:
        raise WireError(f"a message of {size + sum(lengths):,} bytes (the limit is {limit:,})")
    text = _read(sock, size, deadline)
    buffers = [_read(sock, length, deadline) for length in lengths]
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise WireError(f"a message that is not valid JSON ({type(error).__name__})") from None
    return message, buffers


def _read(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    """Exactly ``size`` bytes."""
    data = bytearray(size)
    view, done = memoryview(data), 0
    while done < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChannelTimeout("no answer in time")
            sock.settimeout(remaining)
        try:
            got = sock.recv_into(view[done:], size - done)
        except TimeoutError:
            raise ChannelTimeout("no answer in time") from None
        except OSError as error:
            raise WireError(f"the channel failed ({error.strerror})") from None
        finally:
            if deadline is not None:
                sock.settimeout(None)
        if got == 0:
            raise ChannelClosed("the other side closed the channel")
        done += got
    return bytes(data)
