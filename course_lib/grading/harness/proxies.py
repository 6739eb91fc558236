"""The harness's stand-ins for the student's objects: everything is forwarded, data comes back.

A test cell uses a student's function, class or object as if it were local: calling it,
reading and setting attributes, indexing, iterating, arithmetic and comparisons all become
requests to the student's process (`course_lib.grading.wire.peer`), and what comes back is
data or another stand-in. A stand-in's class is named like the student's type, so a check's
message says "it is a Foo", and it is never a numpy array or a number: the checks of
`course_lib.checks`, which test the exact type first, refuse it as they would refuse the
original.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.wire.mirror import HandleInfo
from course_lib.grading.wire.peer import Peer


class Remote:
    """An object that lives in the student's process."""

    __slots__ = ("_Remote__peer",)

    def __init__(self, peer: Peer) -> None:
        object.__setattr__(self, "_Remote__peer", peer)

    def _ask(self, operation: str, *args: object) -> object:
        return self.__peer.request("op", operation, self, args)

    def _ask_reflected(self, operation: str, other: object) -> object:
        return self.__peer.request("op", operation, other, (self,))

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # protocol probes (numpy's among them) stay local
        return self._ask("getattr", name)

    def __setattr__(self, name: str, value: object) -> None:
        self._ask("setattr", name, value)

    def __delattr__(self, name: str) -> None:
        self._ask("delattr", name)

    def __getitem__(self, key):
        return self._ask("getitem", key)

    def __setitem__(self, key, value) -> None:
        self._ask("setitem", key, value)

    def __delitem__(self, key) -> None:
        self._ask("delitem", key)

    def __contains__(self, item) -> bool:
        return bool(self._ask("contains", item))

    def __len__(self) -> int:
        return self._ask("len")

    def __iter__(self):
        return self._ask("iter")

    def __next__(self):
        return self._ask("next")

    def __bool__(self) -> bool:
        return self._ask("bool")

    def __hash__(self) -> int:
        return self._ask("hash")

    def __repr__(self) -> str:
        try:
            text = self._ask("repr")
        except Exception:
            text = None
        return text if isinstance(text, str) else f"<{type(self).__name__} object>"

    def __str__(self) -> str:
        text = self._ask("str")
        return text if isinstance(text, str) else repr(self)

    def __format__(self, spec: str) -> str:
        text = self._ask("format", spec)
        return text if isinstance(text, str) else repr(self)

    def __float__(self) -> float:
        return self._ask("float")

    def __int__(self) -> int:
        return self._ask("int")

    def __index__(self) -> int:
        return self._ask("index")

    def __complex__(self) -> complex:
        return self._ask("complex")

    def __array__(self, dtype=None, copy=None):
        array = self._ask("array")
        if type(array) is not np.ndarray:
            raise TypeError(f"a {type(self).__name__} did not give a numpy array")
        return array if dtype is None else array.astype(dtype)

    def __neg__(self):
        return self._ask("neg")

    def __pos__(self):
        return self._ask("pos")

    def __abs__(self):
        return self._ask("abs")

    def __invert__(self):
        return self._ask("invert")


def _binary(name: str):
    def forward(self, other):
        return self._ask(name, other)

    def reflected(self, other):
        return self._ask_reflected(name, other)

    return forward, reflected


for _name in "add sub mul truediv floordiv mod pow matmul and or xor lshift rshift".split():
    _forward, _reflected = _binary(_name + "_" if _name in ("and", "or") else _name)
    setattr(Remote, f"__{_name}__", _forward)
    setattr(Remote, f"__r{_name}__", _reflected)
for _name in "lt le eq ne gt ge".split():
    setattr(Remote, f"__{_name}__", _binary(_name)[0])
del _name, _forward, _reflected


class RemoteCallable(Remote):
    """A function, class or callable object that lives in the student's process."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self._Remote__peer.request("call", self, args, tuple(kwargs.items()))


@functools.cache
def proxy_class(module: str, qualname: str, is_callable: bool) -> type[Remote]:
    """A subclass of `Remote` (or `RemoteCallable`) named like the student's type."""
    base = RemoteCallable if is_callable else Remote
    name = qualname.rsplit(".", 1)[-1]
    name = name if name.isidentifier() else "object"
    return type(name, (base,), {"__slots__": (), "__module__": module, "__qualname__": qualname})


def make_proxy(peer: Peer, info: HandleInfo) -> Remote:
    """The stand-in for one student object."""
    return proxy_class(info.module, info.qualname, info.callable)(peer)
