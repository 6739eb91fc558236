"""Shared objects across the boundary: identity kept, state brought up to date at each crossing.

Each side has a `Mirror`. `Mirror.pack` turns a value into the data form of
`course_lib.grading.wire` and collects, for the same message, the state of every shared
object that is new or changed since the last crossing, and the ids of the shared objects this
side no longer refers to (it then forgets them, so the other side may too). `Mirror.unpack`
applies all of that, updating this side's copies in place, and returns the decoded value.

Ids are even on the harness's side and odd on the student's, so neither can make up an id of
the other's objects. `unpack` validates everything it is given (kinds, names, dtypes, shapes,
sizes, nesting depth, which side owns an id) and raises `WireError` on anything else: the
harness never builds an object the data does not describe.
"""

from __future__ import annotations

import functools
import hashlib
import math
import operator
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .channel import WireError
from .names import is_library_module, name_of, resolve, resolve_class

#: numpy dtype kinds that may cross: booleans, numbers, text, bytes, dates and durations.
ARRAY_KINDS = frozenset("biufcUSMm")
MAX_DEPTH = 200
MAX_DIMENSIONS = 32
IMMEDIATE = (type(None), bool, int, float, str)
_PLAIN = frozenset({float, str})  # left as they are in tuples and slots (a JSON object is not)
_CONTAINERS = {"L": list, "M": dict, "S": set, "A": np.ndarray}
#: An empty slot of a library object.
UNSET = type("Unset", (), {"__repr__": lambda self: "<unset>"})()
#: What may cross by name (`course_lib.grading.wire.names`).
NAMEABLE = (types.FunctionType, types.BuiltinFunctionType, type, np.ufunc)
HARNESS, STUDENT = 0, 1
#: A message's header: its kind, body, shared states and forgotten ids.
Message = dict


@dataclass(frozen=True)
class HandleInfo:
    """What a proxy knows about the object it stands for."""

    module: str
    qualname: str
    callable: bool
    is_class: bool

    @property
    def type_name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]


class Mirror:
    """One side's table of shared objects.

    Args:
        side: `HARNESS` or `STUDENT`; the other side's ids have the other parity.
        make_proxy: builds this side's stand-in for an object the other side owns.
        may_hand_out: whether an object with no data form may be handed out as a handle (the
            harness hands out only callables; the student's side anything).
        as_library_class: the course_lib class a shared object crosses as, or None when it is
            not a library object.
        named: whether a function or class that `name_of` names should cross by name (the
            harness sends the exercise's references as handles instead, since they are stubs
            on the other side).
        stand_in: what a named function or class, or the class of a new library object,
            received from the other side is on this side (the harness: the stub the student's
            side has, `course_lib.grading.harness.stubs.stand_in`).
    """

    def __init__(
        self,
        side: int,
        *,
        make_proxy: Callable[[int, HandleInfo], object],
        may_hand_out: Callable[[object], bool],
        as_library_class: Callable[[object], type | None],
        named: Callable[[object], bool] = lambda value: True,
        stand_in: Callable[[object], object] = lambda value: value,
    ) -> None:
        self.side = side
        self._make_proxy = make_proxy
        self._may_hand_out = may_hand_out
        self._as_library_class = as_library_class
        self._named = named
        self._stand_in = stand_in
        self._objects: dict[int, object] = {}
        self._ids: dict[int, int] = {}  # id(object) -> shared id
        self._summaries: dict[int, object] = {}  # shared id -> state when last in step
        self._owned_handles: set[int] = set()  # handles this side gave out
        self._proxies: set[int] = set()  # stand-ins for the other side's handles
        self._next_id = side
        self._pending: list[int] = []
        self._buffers: list[bytes | memoryview] = []
        self._received: list[bytes] = []
        self._library_classes: dict[type, type | None] = {}
        self._classes: dict[object, type] = {}
        self._baseline = _table_references()

    # -- sending ----------------------------------------------------------------------
    def pack(self, kind: str, body: object, **extra: object) -> tuple[Message, list]:
        """The message ``{"k": kind, "b": body, ...extra}`` with the shared states it needs,
        and its buffers."""
        self._buffers, states = [], {}
        first_new, earlier = self._next_id, {}
        try:
            encoded = self._encode(body, 0)
            self._flush(states)
            for shared_id, obj in list(self._objects.items()):
                if shared_id in states or shared_id in self._owned_handles:
                    continue
                if shared_id in self._proxies:
                    continue
                if not _unchanged(self._summaries.get(shared_id), self._summary(obj)):
                    states[shared_id] = self._state(obj)
                    earlier[shared_id] = self._summaries.get(shared_id)
                    self._summaries[shared_id] = self._summary(obj)  # its new parts now shared
                    self._flush(states)
        except BaseException:  # nothing is sent: as if this message had never been packed
            self._summaries.update(earlier)
            for shared_id in range(first_new, self._next_id, 2):
                self._drop(shared_id)
            self._pending.clear()
            raise
        forgotten = self._forget_unreferenced(exclude=states)
        message = {"k": kind, "b": encoded, "st": list(states.items()), "fg": forgotten, **extra}
        buffers, self._buffers = self._buffers, []
        return message, buffers

    def _flush(self, states: dict) -> None:
        """Add the states of the objects shared since the last flush (sharing more as they
        are encoded)."""
        while self._pending:
            shared_id = self._pending.pop()
            obj = self._objects[shared_id]
            states[shared_id] = self._state(obj)
            if shared_id not in self._owned_handles:
                self._summaries[shared_id] = self._summary(obj)

    def _share(self, obj: object) -> int:
        shared_id, self._next_id = self._next_id, self._next_id + 2
        self._objects[shared_id] = obj
        self._ids[id(obj)] = shared_id
        self._pending.append(shared_id)
        return shared_id

    def _encode(self, value: object, depth: int) -> object:
        kind = type(value)
        if kind in IMMEDIATE:
            if kind is int and not -(2**63) <= value < 2**63:
                return ["I", hex(value)]
            return value
        shared_id = self._ids.get(id(value))
        if shared_id is not None:
            return ["r", shared_id]
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
        if kind is tuple or kind is frozenset:
            encode, deeper = self._encode, depth + 1
            items = [v if type(v) is float or type(v) is str else encode(v, deeper) for v in value]
            return ["t" if kind is tuple else "F", items]
        if kind in (list, dict, set):
            return ["r", self._share(value)]
        if kind is np.ndarray and _crossable_dtype(value.dtype):
            return ["r", self._share(value)]
        if kind is complex:
            return ["c", value.real, value.imag]
        if kind is bytes:  # small ones inline, so a container's summary stays the same
            return ["y", value.hex()] if len(value) <= 256 else ["Y", self._buffer(value)]
        if kind is slice:
            parts = (value.start, value.stop, value.step)
            return ["sl", *(self._encode(v, depth + 1) for v in parts)]
        if value is Ellipsis:
            return ["E"]
        if value is UNSET:
            return ["U"]
        if isinstance(value, np.generic) and _crossable_dtype(value.dtype):
            if kind is np.dtype(kind).type:
                array = np.asarray(value)  # an empty np.str_'s own dtype has no room for it
                return ["n", array.dtype.str, array.tobytes().hex()]
        if isinstance(value, np.dtype) and _crossable_dtype(value):
            return ["D", value.str]
        if isinstance(value, NAMEABLE) and self._named(value):
            name = name_of(value)
            if name is not None:
                return ["f", name]
        if self._library_class(kind, value) is not None or self._may_hand_out(value):
            return ["r", self._share(value)]
        raise WireError(f"a {kind.__name__} cannot be handed to the other side")

    def _library_class(self, kind: type, value: object) -> type | None:
        if kind not in self._library_classes:
            self._library_classes[kind] = self._as_library_class(value)
        return self._library_classes[kind]

    def _state(self, obj: object) -> object:
        """The wire state of a shared object of this side."""
        kind = type(obj)
        if kind is list:
            return ["L", [self._encode(v, 1) for v in obj]]
        if kind is dict:
            return ["M", [[self._encode(k, 1), self._encode(v, 1)] for k, v in obj.items()]]
        if kind is set:
            return ["S", [self._encode(v, 1) for v in obj]]
        if kind is np.ndarray and _crossable_dtype(obj.dtype):
            data = self._buffer(_raw(np.ascontiguousarray(obj)))
            return ["A", obj.dtype.str, list(obj.shape), data, bool(obj.flags.writeable)]
        shared_id = self._ids[id(obj)]
        library = self._library_class(kind, obj)
        if library is not None and shared_id not in self._owned_handles:
            encode, has_dict = self._encode, _layout(library)[1]
            raw = _slot_values(obj, library)
            values = [v if type(v) is float or type(v) is str else encode(v, 1) for v in raw]
            entries = [[k, encode(v, 1)] for k, v in vars(obj).items()] if has_dict else []
            return ["O", _class_name(library), values, entries]
        self._owned_handles.add(shared_id)
        return ["H", *_handle_info(obj)]

    def _summary(self, obj: object) -> object:
        """What tells whether a shared object changed since it last crossed: the objects its
        parts are bound to (compared by identity: every assignment binds a new object, so
        nothing changes unseen), or, for an array, a digest of its data."""
        kind = type(obj)
        if kind is np.ndarray:
            return _array_summary(obj)
        if kind is list:
            return tuple(obj)
        if kind is dict:
            return (*obj, *obj.values())
        if kind is set:
            return frozenset(obj)
        library = self._library_class(kind, obj)
        values = _slot_values(obj, library)
        if _layout(library)[1]:
            return (*values, *vars(obj), *vars(obj).values())
        return values

    def _buffer(self, data: bytes | memoryview) -> int:
        self._buffers.append(data)
        return len(self._buffers) - 1

    def _forget_unreferenced(self, exclude: dict) -> list[int]:
        """Forget the shared objects nothing on this side refers to any more (handles this
        side gave out stay until the other side forgets them)."""
        forgotten = []
        for shared_id in list(self._objects):
            if shared_id in self._owned_handles or shared_id in exclude:
                continue
            if sys.getrefcount(self._objects[shared_id]) <= self._baseline:
                self._drop(shared_id)
                forgotten.append(shared_id)
        return forgotten

    def _drop(self, shared_id: int) -> None:
        obj = self._objects.pop(shared_id, None)
        if obj is not None:
            self._ids.pop(id(obj), None)
        self._summaries.pop(shared_id, None)
        self._owned_handles.discard(shared_id)
        self._proxies.discard(shared_id)

    # -- receiving --------------------------------------------------------------------
    def unpack(self, message: object, buffers: list[bytes]) -> tuple[str, object, dict]:
        """Apply a message from the other side; return its kind, decoded body and header."""
        if not isinstance(message, dict) or not isinstance(message.get("k"), str):
            raise WireError("a message without a kind")
        self._received = buffers
        for shared_id in _list(message.get("fg", [])):
            if type(shared_id) is not int:
                raise WireError("a forgotten id that is not an int")
            self._drop(shared_id)
        states = []
        for item in _list(message.get("st", [])):
            if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int):
                raise WireError("a malformed shared state")
            states.append((item[0], _list(item[1])))
        created = set()
        for shared_id, state in states:
            if shared_id not in self._objects:
                self._create(shared_id, state)
                created.add(shared_id)
        for shared_id, state in states:
            self._fill(shared_id, state, created)
        body = self._decode(message.get("b"), 0)
        return message["k"], body, message

    def _create(self, shared_id: int, state: list) -> None:
        if shared_id % 2 == self.side:
            raise WireError("the other side sent a new object under one of this side's ids")
        tag = state[0] if state else None
        if tag == "L":
            obj: object = []
        elif tag == "M":
            obj = {}
        elif tag == "S":
            obj = set()
        elif tag == "A":
            obj = self._array(state)
        elif tag == "O":
            name = state[1] if len(state) == 4 and isinstance(state[1], str) else None
            if name not in self._classes:
                self._classes[name] = self._stand_in(resolve_class(name))
            obj = self._classes[name].__new__(self._classes[name])
        elif tag == "H":
            obj = self._make_proxy(shared_id, _parse_handle(state))
            self._proxies.add(shared_id)
        else:
            raise WireError(f"a shared state of unknown kind {tag!r:.20}")
        self._objects[shared_id] = obj
        self._ids[id(obj)] = shared_id

    def _fill(self, shared_id: int, state: list, created: set[int]) -> None:
        obj, tag = self._objects[shared_id], state[0]
        if shared_id in self._proxies or shared_id in self._owned_handles:
            if tag == "H" and shared_id in created:
                return
            raise WireError("a state sent for a handle, or a handle for a data object")
        if tag == "O":
            library = self._library_class(type(obj), obj)
            if library is None or len(state) != 4:
                raise WireError(f"a library object's state for a {type(obj).__name__}")
            decode = self._decode
            values = [v if type(v) in _PLAIN else decode(v, 1) for v in _list(state[2])]
            entries = [(name, decode(v, 1)) for name, v in _pairs(state[3])]
            _set_attributes(obj, library, values, entries)
            self._summaries[shared_id] = self._summary(obj)
            return
        expected = _CONTAINERS.get(tag)
        if expected is None or type(obj) is not expected:
            raise WireError(f"a state of kind {tag!r:.20} for a {type(obj).__name__}")
        if tag != "A" and len(state) != 2:
            raise WireError("a malformed shared state")
        if tag == "L":
            obj[:] = [self._decode(v, 1) for v in _list(state[1])]
        elif tag == "M":
            pairs = [_list(pair) for pair in _list(state[1])]
            if any(len(pair) != 2 for pair in pairs):
                raise WireError("a malformed dict entry")
            decoded = [(self._decode(k, 1), self._decode(v, 1)) for k, v in pairs]
            obj.clear()
            try:
                obj.update(decoded)
            except Exception:
                raise WireError("a dict key that cannot be hashed") from None
        elif tag == "S":
            items = [self._decode(v, 1) for v in _list(state[1])]
            obj.clear()
            try:
                obj.update(items)
            except Exception:
                raise WireError("a set member that cannot be hashed") from None
        elif shared_id not in created:  # an array made from this state is already filled
            _update_array(obj, self._array(state))
        self._summaries[shared_id] = self._summary(obj)

    def _array(self, state: list) -> np.ndarray:
        if len(state) != 5:
            raise WireError("a malformed array")
        _, dtype_text, shape, index, writeable = state
        dtype = _parse_dtype(dtype_text)
        shape = _list(shape)
        if len(shape) > MAX_DIMENSIONS or any(type(n) is not int or n < 0 for n in shape):
            raise WireError("an array with a malformed shape")
        data = self._buffer_at(index)
        if math.prod(shape) * dtype.itemsize != len(data):
            raise WireError("an array whose data does not match its shape")
        try:
            array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        except ValueError:  # no room in its dtype, or dimensions numpy cannot index
            raise WireError("an array numpy cannot build") from None
        array.flags.writeable = bool(writeable)
        return array

    def _buffer_at(self, index: object) -> bytes:
        if type(index) is not int or not 0 <= index < len(self._received):
            raise WireError("a reference to a missing buffer")
        return self._received[index]

    def _decode(self, value: object, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
        kind = type(value)
        if kind in IMMEDIATE:
            return value
        if kind is not list or not value or type(value[0]) is not str:
            raise WireError("a malformed value")
        tag, rest = value[0], value[1:]
        if tag == "r" and len(rest) == 1:
            if type(rest[0]) is not int or rest[0] not in self._objects:
                raise WireError("a reference to an unknown object")
            return self._objects[rest[0]]
        if tag in ("t", "F") and len(rest) == 1:
            decode, deeper = self._decode, depth + 1
            items = [v if type(v) in _PLAIN else decode(v, deeper) for v in _list(rest[0])]
            try:
                return tuple(items) if tag == "t" else frozenset(items)
            except Exception:
                raise WireError("a frozenset member that cannot be hashed") from None
        if tag == "I" and len(rest) == 1 and isinstance(rest[0], str):
            try:
                return int(rest[0], 16)
            except ValueError:
                raise WireError("a malformed int") from None
        if tag == "c" and len(rest) == 2 and all(type(v) in (int, float) for v in rest):
            try:
                return complex(rest[0], rest[1])
            except OverflowError:
                raise WireError("a complex number out of range") from None
        if tag == "y" and len(rest) == 1:
            return _from_hex(rest[0])
        if tag == "Y" and len(rest) == 1:
            return self._buffer_at(rest[0])
        if tag == "sl" and len(rest) == 3:
            return slice(*(self._decode(v, depth + 1) for v in rest))
        if tag == "E" and not rest:
            return Ellipsis
        if tag == "U" and not rest:
            return UNSET
        if tag == "n" and len(rest) == 2:
            dtype = _parse_dtype(rest[0])
            data = _from_hex(rest[1])
            if len(data) != dtype.itemsize or not data:
                raise WireError("a numpy scalar of the wrong size")
            return np.frombuffer(data, dtype=dtype)[0]
        if tag == "D" and len(rest) == 1:
            return _parse_dtype(rest[0])
        if tag == "f" and len(rest) == 1:
            return self._stand_in(resolve(rest[0]))
        raise WireError(f"a value of unknown kind {tag!r:.20}")

    def gave_out(self, value: object) -> bool:
        """Whether ``value`` is one of this side's objects handed to the other as a handle."""
        return self._ids.get(id(value)) in self._owned_handles

    def close(self) -> None:
        """Forget everything (the exercise is over)."""
        self._objects.clear()
        self._ids.clear()
        self._summaries.clear()
        self._owned_handles.clear()
        self._proxies.clear()


def _table_references() -> int:
    """What `sys.getrefcount` reports, in `Mirror._forget_unreferenced`, for an object that
    only the table refers to."""
    table = {0: object()}
    return sys.getrefcount(table[0])


def _crossable_dtype(dtype: np.dtype) -> bool:
    return dtype.kind in ARRAY_KINDS and dtype.fields is None and dtype.subdtype is None


def _parse_dtype(text: object) -> np.dtype:
    if not isinstance(text, str) or len(text) > 16:
        raise WireError("a malformed dtype")
    try:
        dtype = np.dtype(text)
    except (TypeError, ValueError):
        raise WireError(f"an unknown dtype {text!r}") from None
    if not _crossable_dtype(dtype):
        raise WireError(f"a dtype that may not cross: {text!r}")
    return dtype


def _array_summary(array: np.ndarray) -> str:
    """What tells whether an array changed: its dtype, shape, flag and a digest of its data."""
    data = _digest(_raw(np.ascontiguousarray(array)))
    return f"{array.dtype.str} {array.shape} {array.flags.writeable} {data}"


def _unchanged(old: object, new: object) -> bool:
    """Whether two summaries agree: tuples part by part by identity, others by value."""
    if type(new) is tuple:
        return type(old) is tuple and len(old) == len(new) and all(map(operator.is_, old, new))
    return old == new


def _raw(array: np.ndarray) -> memoryview | bytes:
    """A C-contiguous array's bytes, without a copy where numpy can export them."""
    try:
        return memoryview(array).cast("B")
    except (TypeError, ValueError):  # dates and durations have no buffer export
        return array.tobytes()


def _digest(data: object) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _update_array(target: np.ndarray, new: np.ndarray) -> None:
    """Give ``target`` the contents (and shape, dtype, writeable flag) of ``new``, in place."""
    if target.dtype != new.dtype:
        raise WireError("an array's dtype changed in place")
    target.flags.writeable = True
    if target.shape != new.shape:
        try:
            target.resize(new.shape, refcheck=False)
        except ValueError:
            raise WireError("an array's shape changed in place") from None
    np.copyto(target, new)
    target.flags.writeable = new.flags.writeable


@functools.cache
def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _slot_values(obj: object, library: type) -> tuple:
    """The values of a library object's slots, in `_layout` order (UNSET for an empty one)."""
    getter = _slot_getter(library)
    if getter is None:
        return ()
    try:
        return getter(obj)
    except AttributeError:
        return tuple(getattr(obj, slot, UNSET) for slot in _layout(library)[0])


@functools.cache
def _slot_getter(cls: type):
    slots = _layout(cls)[0]
    if not slots:
        return None
    if len(slots) == 1:
        single = operator.attrgetter(slots[0])
        return lambda obj: (single(obj),)
    return operator.attrgetter(*slots)


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, ...], bool]:
    """A class's slots (its bases' included) and whether its instances have a ``__dict__``."""
    found: list[str] = []
    for base in cls.__mro__:
        declared = base.__dict__.get("__slots__", ())
        found += [declared] if isinstance(declared, str) else list(declared)
    slots = tuple(slot for slot in found if slot not in ("__dict__", "__weakref__"))
    return slots, cls.__dictoffset__ != 0


def _set_attributes(
    obj: object, library: type, values: list, entries: list[tuple[object, object]]
) -> None:
    """Give ``obj`` the slot ``values`` (in `_layout` order; UNSET for an empty slot) and, if
    its library class has one, exactly the ``__dict__`` ``entries``."""
    slots, has_dict = _layout(library)
    if len(values) != len(slots) or (entries and not has_dict):
        raise WireError(f"attributes that do not fit a {library.__name__}")
    for slot, value in zip(slots, values, strict=True):
        if value is not UNSET:
            object.__setattr__(obj, slot, value)
        elif hasattr(obj, slot):
            object.__delattr__(obj, slot)
    if has_dict:
        for name, _ in entries:
            if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
                raise WireError(f"a malformed attribute name {name!r:.40}")
        vars(obj).clear()
        vars(obj).update(entries)


def _handle_info(obj: object) -> list:
    kind = obj if isinstance(obj, type) else type(obj)
    module = kind.__dict__.get("__module__", "")
    qualname = kind.__dict__.get("__qualname__", kind.__name__)
    module = module if isinstance(module, str) else ""  # a function's type holds descriptors
    qualname = qualname if isinstance(qualname, str) else kind.__name__
    flags = ("c" if callable(obj) else "") + ("k" if isinstance(obj, type) else "")
    return [module[:200], qualname[:200], flags]


def _parse_handle(state: list) -> HandleInfo:
    if len(state) != 4 or not all(isinstance(part, str) for part in state[1:]):
        raise WireError("a malformed handle")
    _, module, qualname, flags = state
    return HandleInfo(module[:200], qualname[:200] or "object", "c" in flags, "k" in flags)


def _from_hex(text: object) -> bytes:
    try:
        return bytes.fromhex(text)
    except (TypeError, ValueError):
        raise WireError("malformed bytes") from None


def _list(value: object) -> list:
    if type(value) is not list:
        raise WireError("a malformed message: a list was expected")
    return value


def _pairs(value: object) -> list[tuple[object, object]]:
    pairs = [_list(pair) for pair in _list(value)]
    if any(len(pair) != 2 for pair in pairs):
        raise WireError("a malformed attribute list")
    return [(pair[0], pair[1]) for pair in pairs]


def library_class(value: object, *, allow_subclass: bool) -> type | None:
    """The course_lib class ``value`` crosses as: its own class if that is a library class;
    with ``allow_subclass``, also the nearest library base of a class defined elsewhere (a
    test's subclass). None for anything else."""
    kind = type(value)
    if kind in (list, dict, set, type) or isinstance(value, type):
        return None
    candidates = kind.__mro__ if allow_subclass else (kind,)
    for cls in candidates:
        if is_library_module(cls.__dict__.get("__module__")):
            return cls if name_of(cls) else None
    return None
