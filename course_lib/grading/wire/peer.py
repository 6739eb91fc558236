"""One side of a conversation: requests, answers, and the requests that arrive while waiting.

Both sides speak the same protocol over one socket. A request is ``call`` (a target, its
arguments and keyword arguments) or ``op`` (an operation on a target: `OPERATIONS`); the
answer is ``ok`` with the result or ``raise`` with an exception's type name and message.
While a side waits for its answer, the other side may send requests of its own (the
student's function calling a function of the test's): they are answered in between, so calls
nest to any depth. Which requests a side accepts is its handler's business.
"""

from __future__ import annotations

import builtins
import contextlib
import gc
import operator
import socket
import warnings
from collections.abc import Callable

import numpy as np

from . import channel
from .channel import WireError
from .mirror import Mirror

MESSAGE_LIMIT = 500
#: Operations a side may be asked to perform on an object it owns.
OPERATIONS: dict[str, Callable] = {
    "getattr": getattr,
    "setattr": setattr,
    "delattr": delattr,
    "getitem": operator.getitem,
    "setitem": operator.setitem,
    "delitem": operator.delitem,
    "contains": operator.contains,
    "len": len,
    "iter": iter,
    "next": next,
    "bool": bool,
    "hash": hash,
    "repr": repr,
    "str": str,
    "format": format,
    "array": np.asarray,
    "float": float,
    "int": int,
    "complex": complex,
    "index": operator.index,
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": abs,
    "invert": operator.invert,
    **{
        name: getattr(operator, name)
        for name in (
            "add sub mul truediv floordiv mod pow matmul and_ or_ xor lshift rshift "
            "lt le eq ne gt ge"
        ).split()
    },
}
REQUESTS = ("call", "op")


@contextlib.contextmanager
def collector_paused():
    """Without the cyclic garbage collector for the block: encoding a graph of 1e5 nodes makes
    millions of small lists, and each collection would walk every object alive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RemoteError(Exception):
    """An exception raised on the other side that has no builtin counterpart here; its class
    carries the other side's type name."""


_error_classes: dict[str, type[RemoteError]] = {}


def error_from(type_name: object, message: object) -> Exception:
    """The exception to raise here for one the other side reported: the builtin of that name
    when there is one (ValueError, StopIteration, ...), else a `RemoteError` subclass named
    like the original. Never a BaseException that is not an Exception."""
    name = type_name if isinstance(type_name, str) and type_name.isidentifier() else "Error"
    text = str(message)[:MESSAGE_LIMIT]
    builtin = getattr(builtins, name, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception):
        try:
            return builtin(text)
        except TypeError:  # a builtin whose constructor needs more (UnicodeDecodeError)
            pass
    if name not in _error_classes:
        _error_classes[name] = type(name[:100], (RemoteError,), {"__module__": "builtins"})
    return _error_classes[name](text)


class RemoteWarning(UserWarning):
    """A warning raised on the other side that has no builtin counterpart here."""


def _warn_again(raised: object) -> None:
    """Raise here the warnings the other side reported: [category name, message] pairs."""
    if not isinstance(raised, list):
        return
    for item in raised[:20]:
        if not (isinstance(item, list) and len(item) == 2):
            continue
        name, message = item
        category = getattr(builtins, str(name), None)
        if not (isinstance(category, type) and issubclass(category, Warning)):
            category = RemoteWarning
        warnings.warn(str(message)[:MESSAGE_LIMIT], category, stacklevel=3)


def _numpy_settings(settings: object) -> dict[str, str]:
    """numpy error settings from a request, only the valid ones."""
    if not isinstance(settings, dict):
        return {}
    keys, modes = (
        ("divide", "over", "under", "invalid"),
        ("ignore", "warn", "raise", "call", "print", "log"),
    )
    return {k: v for k, v in settings.items() if k in keys and v in modes and v != "call"}


def describe_error(error: BaseException) -> list[str]:
    """[type name, message] of an exception, however its ``__str__`` behaves."""
    try:
        text = str(error)
    except Exception:
        text = "(a message that could not be shown)"
    return [type(error).__name__, text[:MESSAGE_LIMIT]]


class Peer:
    """Requests and answers over ``sock``, values through ``mirror``.

    Args:
        handle: answers a request of the other side: (kind, body) -> result; what it raises is
            sent back as the failure.
        limit: the largest message accepted, in bytes.
        notes: extra header entries for every message sent (the student's side reports here
            which stubbed references were called).
    """

    def __init__(
        self,
        sock: socket.socket,
        mirror: Mirror,
        handle: Callable[[str, object], object],
        *,
        limit: int,
        notes: Callable[[], dict] = dict,
    ) -> None:
        self.sock, self.mirror, self._handle = sock, mirror, handle
        self.limit, self._notes = limit, notes
        self.deadline: float | None = None
        self.last_header: dict = {}
        self.catch: type[BaseException] = Exception

    def request(self, kind: str, *parts: object) -> object:
        """Send a request and return its answer, answering the other side's requests that
        arrive meanwhile; the other side's failure is raised here (`error_from`), and the
        warnings its work raised are raised here too, so this side's filters decide.

        The request carries numpy's floating-point error settings in force here, and the
        other side computes under them: a test that asks numpy to warn about an overflow
        sees the student's code overflow."""
        self.send(kind, list(parts), np=np.geterr())
        while True:
            kind, body = self.receive()
            if kind in ("ok", "raise"):
                _warn_again(self.last_header.get("w"))
            if kind == "ok":
                return body
            if kind == "raise":
                if not (isinstance(body, list) and len(body) == 2):
                    raise WireError("a malformed failure")
                raise error_from(*body)
            if kind not in REQUESTS:
                raise WireError(f"an unexpected message {kind!r:.20}")
            self.answer(kind, body)

    def answer(self, kind: str, body: object) -> None:
        """Handle one request (under the requester's numpy error settings, recording its
        warnings) and send its answer."""
        settings = _numpy_settings(self.last_header.get("np"))
        with warnings.catch_warnings(record=True) as caught, np.errstate(**settings):
            warnings.simplefilter("always")
            try:
                result = self._handle(kind, body)
                failure = None
            except WireError:
                raise
            except self.catch as error:
                failure = describe_error(error)
        raised = [[w.category.__name__, str(w.message)[:MESSAGE_LIMIT]] for w in caught[:20]]
        if failure is not None:
            self.send("raise", failure, w=raised)
        else:
            self.send("ok", result, w=raised)

    def send(self, kind: str, body: object, **header: object) -> None:
        with collector_paused():
            message, buffers = self.mirror.pack(kind, body, **self._notes(), **header)
            channel.send(self.sock, message, buffers)

    def receive(self) -> tuple[str, object]:
        with collector_paused():
            message, buffers = channel.receive(self.sock, limit=self.limit, deadline=self.deadline)
            kind, body, header = self.mirror.unpack(message, buffers)
        self.last_header = header
        return kind, body

    def close(self) -> None:
        """Tell the other side the conversation is over (no states: nothing will use them)."""
        channel.send(self.sock, {"k": "bye", "b": None}, [])
