"""The wire between the harness and the student's process: data, identity, limits, failures.

Most tests talk across a real socket pair: the harness's `Peer` is built by the harness's own
`course_lib.grading.harness.session._peer`, the student's by
`course_lib.grading.student_side.exercise._peer`, and the student's side is served in a thread
the way `course_lib.grading.student_side.exercise.run` serves it (it sends ``ready`` with the
names it defines, then answers until ``bye``). Both sides live in this process, but each has
its own copies of the shared objects (the tests check that they are distinct objects where it
matters). The malformed-data tests feed hand-made messages to `Mirror.unpack` and raw frames
to `channel.receive` or to the harness's peer.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import gc
import json
import math
import os
import socket
import threading
import time
import warnings
from collections import Counter as Tally

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_lib.activations
import course_lib.engine
from course_lib.engine import Value
from course_lib.grading.harness import session
from course_lib.grading.harness.proxies import Remote, RemoteCallable
from course_lib.grading.student_side import exercise
from course_lib.grading.wire import channel, names
from course_lib.grading.wire.channel import ChannelTimeout, WireError
from course_lib.grading.wire.mirror import (
    HARNESS,
    MAX_DEPTH,
    STUDENT,
    UNSET,
    HandleInfo,
    Mirror,
    library_class,
)
from course_lib.grading.wire.peer import (
    MESSAGE_LIMIT,
    RemoteError,
    RemoteWarning,
    _numpy_settings,
    _warn_again,
    error_from,
)
from course_lib.layers import Linear

FAST = settings(max_examples=40, deadline=None)
SOME = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- the student's side: what its answer cells would define --------------------------------
#: What `keep` was given, on the student's side (cleared by each sandbox).
KEPT: list = []


def clone(value):
    """A deep copy made on the student's side: new objects, so their states cross back."""
    return copy.deepcopy(value)


def echo(value):
    return value


def noop(*values):
    return None


def keep(value):
    KEPT.append(value)
    return len(KEPT)


def same(first, second):
    return first is second


def aliased(pair):
    return pair[0] is pair[1]


def contains_itself(container):
    return container[0] is container


def append(target, item):
    target.append(item)


def write(array, index, value):
    array[index] = value


def write_flat(array, position, value):
    array.flat[position] = value


def resize(array, shape):
    array.resize(shape, refcheck=False)


def is_writeable(array):
    return bool(array.flags.writeable)


def set_attribute(obj, name, value):
    setattr(obj, name, value)


def delete_attribute(obj, name):
    delattr(obj, name)


def type_of(value):
    return type(value)


def call(function, *args, **kwargs):
    return function(*args, **kwargs)


def append_then_call(target, function):
    target.append("from the student")
    return function()


def fail(type_name, message):
    raise getattr(builtins, type_name)(message)


class StudentError(Exception):
    pass


class StudentWarning(UserWarning):
    pass


def fail_custom(message):
    raise StudentError(message)


def exit_process():
    raise SystemExit(3)


def warn(message, category_name):
    category = getattr(builtins, category_name, None) or StudentWarning
    warnings.warn(message, category, stacklevel=1)
    return "warned"


def overflow():
    return np.float64(1e308) * np.float64(10.0)


def sleep(seconds):
    time.sleep(seconds)
    return "slept"


class Counter:
    """A student's object with no data form: it stays in the sandbox."""

    def __init__(self):
        self.count = 0

    def increment(self, by=1):
        self.count += by
        return self.count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return 10 * index

    def __iter__(self):
        return iter(range(self.count))

    def __add__(self, other):
        return self.count + other

    def __radd__(self, other):
        return other - self.count


class StudentValue(Value):
    """A student's subclass of a library class: on the student's side it is not library."""

    __slots__ = ()


def make_counter():
    return Counter()


def make_value(data):
    return Value(data, label="made")


def make_student_value(data):
    return StudentValue(data)


def make_self_containing():
    items = [1]
    items.append(items)
    return items


def add(a, b):
    return a + b


def backward(node):
    node.backward()


def forward_backward(layer, X):
    out = layer.forward(X)
    layer.backward(np.ones_like(out))
    return out


def poke(function):
    """Ask the harness for an attribute of its function: the harness must refuse."""
    peer = function._holder[0]
    return peer.request("op", "getattr", function, ("__globals__",))


def call_via(function, target):
    """Ask the harness to call one of its data objects (never handed out): refused."""
    peer = function._holder[0]
    return peer.request("call", target, (), ())


def type_name(value):
    return f"{type(value).__module__}.{type(value).__qualname__}"


def warn_and_fail(message):
    warnings.warn(message, RuntimeWarning, stacklevel=1)
    raise ValueError("failed after warning")


STUDENT_FUNCTIONS = {
    function.__name__: function
    for function in (
        clone,
        echo,
        noop,
        keep,
        same,
        aliased,
        contains_itself,
        append,
        write,
        write_flat,
        resize,
        is_writeable,
        set_attribute,
        delete_attribute,
        type_of,
        call,
        append_then_call,
        fail,
        fail_custom,
        exit_process,
        warn,
        overflow,
        sleep,
        make_counter,
        make_value,
        make_student_value,
        make_self_containing,
        add,
        backward,
        forward_backward,
        poke,
        call_via,
        type_name,
        warn_and_fail,
    )
}


class Sandbox:
    """Both sides of one exercise's conversation, configured as the harness configures them."""

    def __init__(self) -> None:
        KEPT.clear()
        harness_socket, student_socket = socket.socketpair()
        self.harness = session._peer(harness_socket, "wire-tests", time.monotonic() + 30)
        self.student = exercise._peer(student_socket)
        self.student_failures: list[BaseException] = []
        self.expect_student_failure = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        kind, body = self.harness.receive()
        assert kind == "ready"
        defined, errors = body
        assert errors == ()
        self.remote = dict(defined)

    def _serve(self) -> None:
        """`exercise.run`'s loop, without the process around it."""
        peer = self.student
        try:
            peer.send("ready", (tuple(STUDENT_FUNCTIONS.items()), ()))
            while True:
                kind, body = peer.receive()
                if kind == "bye":
                    break
                peer.answer(kind, body)
        except (WireError, OSError) as error:  # where `exercise.run` stops serving
            self.student_failures.append(error)
        except BaseException as error:  # where the child would die: a failure of the wire
            self.student_failures.append(error)
        finally:
            peer.sock.close()  # what the child's exit does

    def __getattr__(self, name: str):
        try:
            return self.remote[name]
        except KeyError:
            raise AttributeError(name) from None

    def close(self) -> None:
        with contextlib.suppress(OSError, WireError):
            self.harness.close()
        self.thread.join(10)
        self.harness.mirror.close()
        self.harness.sock.close()
        assert not self.thread.is_alive()
        if not self.expect_student_failure:
            assert self.student_failures == []


@pytest.fixture
def sandbox():
    pair = Sandbox()
    yield pair
    pair.close()


@pytest.fixture(scope="module")
def shared_sandbox():
    pair = Sandbox()
    yield pair
    pair.close()


@pytest.fixture
def messages(monkeypatch):
    """Every message sent, as (socket it was sent on, message as the receiver reads it)."""
    sent: list[tuple[socket.socket, dict]] = []
    original = channel.send

    def spy(sock, message, buffers):
        sent.append((sock, json.loads(json.dumps(message))))
        original(sock, message, buffers)

    monkeypatch.setattr(channel, "send", spy)
    return sent


def sent_by(messages, peer) -> list[dict]:
    return [message for sock, message in messages if sock is peer.sock]


def states_of(message: dict, shared_id: int) -> list:
    return [state for state_id, state in message["st"] if state_id == shared_id]


# -- comparing values exactly -----------------------------------------------------------------
def same_float(got: float, expected: float) -> bool:
    if math.isnan(expected):
        return math.isnan(got)
    return got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)


def assert_same(got, expected, seen=None) -> None:
    """``got`` is a faithful copy of ``expected``: same types all the way down (bool is not
    int, np.float64 is not float, tuple is not list), same values (NaN, -0.0 and byte order
    included), same sharing."""
    seen = {} if seen is None else seen
    assert type(got) is type(expected), f"{type(got)} instead of {type(expected)}"
    if isinstance(expected, (list, dict, set, np.ndarray)):
        if id(expected) in seen:
            assert seen[id(expected)] is got, "sharing was not kept"
            return
        seen[id(expected)] = got
    if type(expected) is float:
        assert same_float(got, expected), (got, expected)
    elif type(expected) is complex:
        assert same_float(got.real, expected.real) and same_float(got.imag, expected.imag)
    elif isinstance(expected, np.generic):
        assert got.dtype == expected.dtype
        if isinstance(expected, np.inexact):
            for part in ("real", "imag"):
                a, b = getattr(got, part), getattr(expected, part)
                assert (np.isnan(a) and np.isnan(b)) or (a == b and np.signbit(a) == np.signbit(b))
        else:
            assert got.tobytes() == expected.tobytes(), (got, expected)
    elif isinstance(expected, np.ndarray):
        assert got.dtype.str == expected.dtype.str and got.shape == expected.shape
        assert got.tobytes() == expected.tobytes()
    elif isinstance(expected, (list, tuple)):
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert_same(g, e, seen)
    elif isinstance(expected, dict):
        assert len(got) == len(expected)
        for (gk, gv), (ek, ev) in zip(got.items(), expected.items(), strict=True):
            assert_same(gk, ek, seen)
            assert_same(gv, ev, seen)
    elif isinstance(expected, (set, frozenset)):
        assert got == expected
        assert Tally(map(type, got)) == Tally(map(type, expected))
    else:
        assert got == expected


# -- strategies -------------------------------------------------------------------------------
DTYPES = [
    "?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "g", "c8", "c16",
    "G", ">i4", ">u8", ">f8", ">c16", "<U4", ">U2", "S3", "M8[ns]", "M8[D]", "m8[s]", ">m8[ms]",
]  # fmt: skip
dtypes = st.sampled_from(DTYPES).map(np.dtype)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)


@st.composite
def arrays(draw):
    """An array of any crossable dtype and shape, C or Fortran order, or a strided view."""
    array = draw(hnp.arrays(draw(dtypes), draw(shapes)))
    layout = draw(st.sampled_from(["C", "F", "transposed", "strided", "reversed"]))
    if layout == "F":
        array = np.asfortranarray(array)
    elif layout == "transposed":
        array = array.T
    elif layout == "strided" and array.ndim:
        array = np.concatenate([array, array], axis=-1)[..., ::2]
    elif layout == "reversed" and array.ndim:
        array = array[::-1]
    return array


numpy_scalars = st.builds(
    lambda array: array[()], hnp.arrays(dtypes, ())
)  # np.str_, np.datetime64, np.clongdouble, ...
big_ints = st.integers(min_value=2**63 - 2, max_value=2**200) | st.integers(
    max_value=-(2**63) + 2, min_value=-(2**200)
)
plain_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    big_ints,
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=12),
    st.binary(max_size=20),
    st.binary(min_size=250, max_size=400),
    numpy_scalars,
)
hashable = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=5),
        st.binary(max_size=5),
    ),
    lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3),
    max_leaves=4,
)
nested_values = st.recursive(
    plain_scalars | arrays(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(hashable, inner, max_size=3)
        | st.sets(hashable, max_size=3)
        | st.frozensets(hashable, max_size=3)
    ),
    max_leaves=10,
)


# == the channel ===============================================================================
@pytest.fixture
def sockets():
    left, right = socket.socketpair()
    yield left, right
    left.close()
    right.close()


def frame(text: bytes, lengths=()) -> bytes:
    return channel.HEADER.pack(len(lengths), len(text)) + b"".join(
        channel.LENGTH.pack(n) for n in lengths
    )


def soon() -> float:
    return time.monotonic() + 1.0


def test_a_frame_carries_its_message_and_buffers(sockets):
    left, right = sockets
    buffers = [b"", b"\x00" * 1000, memoryview(bytearray(b"abc"))]
    channel.send(left, {"k": "ok", "b": [1, "two", None, 1.5]}, buffers)
    message, received = channel.receive(right, limit=10_000, deadline=soon())
    assert message == {"k": "ok", "b": [1, "two", None, 1.5]}
    assert received == [b"", b"\x00" * 1000, b"abc"]
    assert all(type(buffer) is bytes for buffer in received)
    assert right.gettimeout() is None  # the deadline's timeout is not left on the socket


@pytest.mark.parametrize(
    "text", [b"{not json", b"\xff\xfe", b"", b"[" * 100_000, b'{"a": 1} trailing']
)
def test_text_that_is_not_json_is_refused(sockets, text):
    left, right = sockets
    left.sendall(frame(text) + text)
    with pytest.raises(WireError, match="not valid JSON"):
        channel.receive(right, limit=10**6, deadline=soon())


def test_a_frame_over_the_limit_is_refused_before_it_is_read(sockets):
    left, right = sockets
    left.sendall(frame(b"x" * 2_000_000))  # the header only: reading on would time out
    with pytest.raises(WireError, match="the limit is 1,000"):
        channel.receive(right, limit=1000, deadline=soon())


def test_buffers_over_the_limit_are_refused_before_they_are_read(sockets):
    left, right = sockets
    left.sendall(frame(b"[]", lengths=[600, 600]))
    with pytest.raises(WireError, match="1,202 bytes"):
        channel.receive(right, limit=1000, deadline=soon())


def test_too_many_buffers_are_refused(sockets):
    left, right = sockets
    left.sendall(channel.HEADER.pack(channel.MAX_BUFFERS + 1, 2))
    with pytest.raises(WireError, match="buffers"):
        channel.receive(right, limit=10**12, deadline=soon())


@pytest.mark.parametrize("sent", [b"", b"\x00\x00", frame(b"[1, 2]"), frame(b"[1, 2]") + b"[1"])
def test_a_truncated_frame_is_a_closed_channel(sockets, sent):
    left, right = sockets
    left.sendall(sent)
    left.close()
    with pytest.raises(WireError, match="closed"):
        channel.receive(right, limit=1000, deadline=soon())


def test_a_frame_whose_buffer_is_missing_is_a_closed_channel(sockets):
    left, right = sockets
    left.sendall(frame(b"[]", lengths=[10]) + b"[]" + b"12345")
    left.close()
    with pytest.raises(WireError, match="closed"):
        channel.receive(right, limit=1000, deadline=soon())


@pytest.mark.parametrize("sent", [b"", frame(b"[1, 2]") + b"[1"])
def test_a_read_past_the_deadline_times_out(sockets, sent):
    left, right = sockets
    left.sendall(sent)
    start = time.monotonic()
    with pytest.raises(ChannelTimeout):
        channel.receive(right, limit=1000, deadline=start + 0.2)
    assert 0.15 < time.monotonic() - start < 2.0
    assert right.gettimeout() is None
    assert issubclass(ChannelTimeout, TimeoutError) and issubclass(WireError, ValueError)


def test_a_deadline_already_past_times_out_at_once(sockets):
    left, right = sockets
    channel.send(left, {"k": "ok"}, [])
    with pytest.raises(ChannelTimeout):
        channel.receive(right, limit=1000, deadline=time.monotonic() - 1)


def test_sending_to_a_closed_channel_is_a_wire_error(sockets):
    left, right = sockets
    right.close()
    with pytest.raises(WireError, match="closed"):
        for _ in range(100):  # the first send may still land in the buffer
            channel.send(left, {"k": "ok", "b": "x" * 10_000}, [b"y" * 100_000])


# == names =====================================================================================
NAMED = [
    (np.tanh, "numpy:tanh"),
    (np.add, "numpy:add"),
    (np.float64, "numpy:float64"),
    (np.bool_, "numpy:bool"),
    (math.sqrt, "math:sqrt"),
    (math.isclose, "math:isclose"),
    (len, "builtins:len"),
    (float, "builtins:float"),
    (frozenset, "builtins:frozenset"),
    (Value, "course_lib.engine:Value"),
    (Value.backward, "course_lib.engine:Value.backward"),
    (Linear, "course_lib.layers:Linear"),
    (course_lib.activations.sigmoid, "course_lib.activations:sigmoid"),
    (course_lib.engine.topological_order, "course_lib.engine:topological_order"),
]


@pytest.mark.parametrize(("value", "name"), NAMED, ids=[name for _, name in NAMED])
def test_functions_and_classes_both_sides_have_cross_by_name(value, name):
    assert names.name_of(value) == name
    assert names.resolve(name) is value


@pytest.mark.parametrize(
    "value",
    [
        os.system,
        eval,
        exec,
        open,
        __import__,
        getattr,
        type,
        object,
        np.load,  # a numpy function, not a ufunc
        lambda x: x,
        names.resolve,  # a grading tool
        session.grade_exercise,
        pytest.raises,
        Value(1.0).tanh,  # a bound method
        math.pi,
    ],
)
def test_other_objects_have_no_name(value):
    assert names.name_of(value) is None


def test_a_function_defined_inside_a_library_function_has_no_name():
    namespace = {"__name__": "course_lib.engine"}
    exec("def outer():\n    def inner():\n        pass\n    return inner", namespace)
    assert names.name_of(namespace["outer"]()) is None
    assert names.name_of(namespace["outer"]) is None  # not the engine's own outer


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("os:system", "names nothing"),
        ("builtins:eval", "names nothing"),
        ("builtins:__import__", "names nothing"),
        ("builtins:open", "names nothing"),
        ("numpy:load", "names nothing"),
        ("numpy:testing", "names nothing"),
        ("numpy:__builtins__", "names nothing"),
        ("math:pi", "names nothing"),
        ("math:__loader__", "names nothing"),
        ("subprocess:run", "names nothing"),
        ("course_lib.grading.wire.names:resolve", "names nothing"),
        ("course_lib.grading:wire", "names nothing"),
        ("course_lib.cli:main", "names nothing"),
        ("course_lib.demo:main", "names nothing"),
        ("course_lib.__main__:main", "names nothing"),
        ("course_lib.nowhere:thing", "no module"),
        ("course_lib.engine.nowhere:thing", "no module"),
        ("course_lib.:thing", "no module"),
        ("course_lib.engine:Value.__init__", "not a plain name"),
        ("course_lib.engine:__builtins__", "not a plain name"),
        ("course_lib.engine:Value.__class__", "not a plain name"),
        ("course_lib.engine:Value..data", "not a plain name"),
        ("course_lib.engine:", "not a plain name"),
        ("course_lib.engine:Value.data", "not defined in"),  # a slot, not a function
        ("course_lib.engine:math", "not defined in"),  # a module the engine imports
        ("course_lib.layers:softmax", "not defined in"),  # imported from activations
        ("course_lib.engine:Value.backward.__globals__", "not a plain name"),
        ("course_lib.engine:topological_order.x", "other than a class"),
        ("numpy", "not a name"),
        ("numpy:tanh:x", "not a name"),
        (42, "not a name"),
        (None, "not a name"),
    ],
)
def test_resolve_refuses_anything_that_may_not_cross(name, reason):
    with pytest.raises(WireError, match=reason):
        names.resolve(name)


@pytest.mark.parametrize(
    "name", ["course_lib.engine:topological_order", "numpy:float64", "builtins:int", "math:exp"]
)
def test_resolve_class_refuses_what_is_not_a_library_class(name):
    with pytest.raises(WireError, match="not a course_lib class"):
        names.resolve_class(name)
    assert names.resolve_class("course_lib.engine:Value") is Value


@FAST
@given(
    st.text(max_size=30)
    | st.builds("{}:{}".format, st.sampled_from(["numpy", "math", "builtins"]), st.text())
    | st.builds(
        "course_lib.{}:{}".format,
        st.sampled_from(["engine", "layers", "grading", "", ".", "engine.", "x"]) | st.text(),
        st.sampled_from(["Value", "Value.tanh", "_node", "__doc__", ""]) | st.text(),
    )
)
def test_resolve_gives_an_allowed_object_or_a_wire_error(name):
    try:
        found = names.resolve(name)
    except WireError:
        return
    canonical = names.name_of(found)  # one of the named objects ("numpy:bool_" is "numpy:bool")
    assert canonical is not None and names.resolve(canonical) is found


class LayerOfTheTests(Linear):
    """A test's subclass of a library class."""


def test_library_class_is_the_course_lib_class_a_value_crosses_as():
    layer = LayerOfTheTests(2, 2, rng=0)
    assert library_class(Value(1.0), allow_subclass=False) is Value
    assert library_class(Linear(2, 2, rng=0), allow_subclass=False) is Linear
    assert library_class(layer, allow_subclass=True) is Linear
    assert library_class(layer, allow_subclass=False) is None
    assert library_class(StudentValue(1.0), allow_subclass=True) is Value
    for other in (Value, [1], {}, set(), Counter(), object(), np.zeros(2), 1.5, "x"):
        assert library_class(other, allow_subclass=True) is None
    tool = Mirror(HARNESS, make_proxy=None, may_hand_out=callable, as_library_class=None)
    assert library_class(tool, allow_subclass=True) is None  # grading tools are not library


# == plain data round trips ====================================================================
EXAMPLES = [
    None,
    True,
    False,
    0,
    -1,
    2**63 - 1,
    -(2**63),
    2**63,
    -(2**63) - 1,
    10**100,
    -(10**100),
    0.0,
    -0.0,
    1.5,
    float("nan"),
    float("inf"),
    float("-inf"),
    5e-324,
    1 + 2j,
    complex(float("nan"), -0.0),
    complex(float("-inf"), 1e300),
    "",
    "text with ünïcödé, \x00 and \ud800",
    b"",
    b"\x00\xff" * 50,
    b"x" * 256,
    b"y" * 257,
    bytes(range(256)) * 40,
    (),
    (1,),
    (1, (2, (3, ()))),
    [],
    [1, [2.5, "x"], (None, True)],
    {},
    {"a": 1, "b": [2]},
    {1: "one", 2.5: "two and a half", None: 0, (1, "x"): {}, frozenset({1}): 1, False: 2.0},
    {b"key": 1, -0.0: 2},
    set(),
    {1, "two", (3, 4), None, 2.5},
    frozenset(),
    frozenset({1, frozenset({2})}),
    slice(1, None, -2),
    slice(None),
    Ellipsis,
    np.float64(1.5),
    np.float64("nan"),
    np.float32(-0.0),
    np.float16(3.0),
    np.longdouble("1.1"),
    np.int8(-128),
    np.int64(-(2**63)),
    np.uint64(2**64 - 1),
    np.bool_(True),
    np.bool_(False),
    np.complex64(1 - 2j),
    np.clongdouble(3 + 4j),
    np.str_("numpy text"),
    np.bytes_(b"numpy bytes"),
    np.str_(""),
    np.bytes_(b""),
    np.datetime64("2024-02-29T12:00:00", "s"),
    np.datetime64("NaT"),
    np.timedelta64(-5, "ms"),
    np.dtype("float64"),
    np.dtype(">i4"),
    np.dtype("<U7"),
    np.dtype("M8[us]"),
    np.tanh,
    np.float64,
    math.log,
    abs,
    list,
    Value,
    course_lib.activations.softmax,
]


def _example_id(value) -> str:
    """A test id that is the same in every process (pytest-xdist compares them): a
    function's name, not its address; a set's size, not its hash order."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, set | frozenset):
        return f"{type(value).__name__} of {len(value)}"
    return repr(value)[:40]


@pytest.mark.parametrize("value", EXAMPLES, ids=[_example_id(v) for v in EXAMPLES])
def test_plain_data_crosses_both_ways_exactly(sandbox, value):
    assert_same(sandbox.clone(value), value)
    assert sandbox.type_name(value) == type_name(value)  # the student's copy's exact type
    if names.name_of(type(value)) is not None:
        assert sandbox.type_of(value) is type(value)


def test_names_arrive_as_the_same_objects(sandbox):
    for value in (np.tanh, math.log, len, Value, course_lib.activations.sigmoid, np.float64):
        assert sandbox.echo(value) is value
        assert sandbox.clone(value) is value


@SOME
@given(value=nested_values)
def test_nested_values_cross_both_ways_exactly(shared_sandbox, value):
    assert_same(shared_sandbox.clone(value), value)


@SOME
@given(value=plain_scalars)
def test_scalars_cross_both_ways_exactly(shared_sandbox, value):
    assert_same(shared_sandbox.clone(value), value)
    assert shared_sandbox.type_name(value) == type_name(value)


@SOME
@given(array=arrays())
def test_arrays_of_every_dtype_shape_and_layout_cross_exactly(shared_sandbox, array):
    got = shared_sandbox.clone(array)
    assert type(got) is np.ndarray and got is not array
    assert got.dtype.str == array.dtype.str and got.shape == array.shape
    assert got.tobytes() == array.tobytes()  # C order, whatever the layout sent
    assert shared_sandbox.echo(array) is array


@pytest.mark.parametrize("dtype", ["f8", "i4", "U3", "M8[s]"])
def test_an_array_keeps_its_writeable_flag(sandbox, dtype):
    array = np.zeros(3, dtype=dtype)
    array.flags.writeable = False
    assert sandbox.is_writeable(array) is False
    assert sandbox.is_writeable(np.zeros(3, dtype=dtype)) is True
    with pytest.raises(ValueError, match="read-only"):
        sandbox.write(array, 0, array[1])  # the student's copy is read-only too
    assert sandbox.clone(np.zeros((0, 2), dtype=dtype)).shape == (0, 2)


def test_an_array_of_objects_or_records_does_not_cross(sandbox):
    for array in (np.array([1, None], dtype=object), np.zeros(2, dtype="i4,f8")):
        with pytest.raises(WireError, match="cannot be handed"):
            sandbox.clone(array)
    assert sandbox.clone([1, 2]) == [1, 2]  # the conversation goes on


def test_an_object_the_harness_may_not_hand_out_is_refused_before_sending(sandbox):
    with pytest.raises(WireError, match="object cannot be handed"):
        sandbox.clone([1, object()])
    nested: tuple = ()
    for _ in range(MAX_DEPTH + 5):
        nested = (nested,)
    with pytest.raises(WireError, match="nested more than"):
        sandbox.clone(nested)
    assert sandbox.clone({"still": "working"}) == {"still": "working"}


# == identity ==================================================================================
def test_an_object_twice_in_one_message_arrives_as_one_object(sandbox):
    inner = [1, 2]
    array = np.arange(3)
    assert sandbox.aliased([inner, inner]) is True
    assert sandbox.aliased((array, array)) is True
    assert sandbox.aliased([[1, 2], [1, 2]]) is False
    got = sandbox.clone({"a": inner, "b": (inner, array, array)})
    assert got["a"] is got["b"][0] and got["b"][1] is got["b"][2]
    assert got["a"] is not inner


def test_a_list_that_contains_itself_crosses(sandbox):
    loop: list = [1]
    loop.append(loop)
    assert sandbox.contains_itself(loop[::-1]) is False
    assert sandbox.same(loop, loop[1]) is True
    got = sandbox.clone(loop)
    assert got is not loop and got[0] == 1 and got[1] is got
    made = sandbox.make_self_containing()
    assert made[0] == 1 and made[1] is made
    mapping: dict = {}
    mapping["me"] = mapping
    got = sandbox.clone(mapping)
    assert got["me"] is got and got is not mapping


def test_an_object_sent_twice_is_the_same_object_on_the_other_side(sandbox):
    items, array, layer = [1], np.zeros(2), Linear(2, 1, rng=0)
    for value in (items, array, layer):
        sandbox.keep(value)
        sandbox.keep(value)
    assert KEPT[0] is KEPT[1] and KEPT[2] is KEPT[3] and KEPT[4] is KEPT[5]
    assert KEPT[0] is not items and KEPT[2] is not array and KEPT[4] is not layer
    assert sandbox.echo(items) is items  # and the harness gets its own object back
    assert sandbox.echo(layer) is layer


def test_an_object_the_student_made_is_the_same_object_when_it_comes_back(sandbox):
    counter = sandbox.make_counter()
    node = sandbox.make_value(2.0)
    assert sandbox.echo(counter) is counter
    assert sandbox.echo(node) is node
    assert sandbox.same(counter, counter) is True


# == in-place updates ==========================================================================
def test_the_students_append_is_seen_by_the_harness(sandbox):
    items = [1, 2]
    assert sandbox.append(items, {"new": 3}) is None
    assert items == [1, 2, {"new": 3}]
    nested = {"inner": [0]}
    sandbox.append(nested["inner"], 1)
    assert nested == {"inner": [0, 1]}


def test_the_harness_sees_a_change_when_the_student_calls_back(sandbox):
    items = ["from the tests"]
    seen = []
    result = sandbox.append_then_call(items, lambda: seen.append(list(items)) or len(items))
    assert seen == [["from the tests", "from the student"]]
    assert result == 2


def test_the_harness_change_is_seen_by_the_student(sandbox):
    items, array = [1], np.zeros(3)
    sandbox.keep(items)
    sandbox.keep(array)
    items.append(2)
    array[1] = 7.0
    sandbox.noop()
    assert KEPT[0] == [1, 2] and KEPT[0] is not items
    assert KEPT[1].tolist() == [0.0, 7.0, 0.0] and KEPT[1] is not array


@FAST
@given(
    array=hnp.arrays(
        st.sampled_from(["f8", "i2", ">f4", "c8", "U2", "M8[s]"]).map(np.dtype),
        hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
    ),
    data=st.data(),
)
def test_the_students_write_into_an_array_is_seen_by_the_harness(shared_sandbox, array, data):
    position = data.draw(st.integers(0, array.size - 1))
    value = data.draw(hnp.arrays(array.dtype, ()))[()]
    expected = array.copy()
    expected.flat[position] = value
    shared_sandbox.write_flat(array, position, value)
    assert array.tobytes() == expected.tobytes()


def test_a_write_into_a_view_reaches_its_base(sandbox):
    base = np.zeros((4, 4))
    column = base[:, 1]
    fortran = np.asfortranarray(np.zeros((2, 3)))
    sandbox.write(column, 2, 5.0)
    sandbox.write(fortran, (1, 2), 3.0)
    assert base[2, 1] == 5.0 and base.sum() == 5.0
    assert fortran[1, 2] == 3.0 and fortran.flags.f_contiguous


def test_an_array_the_student_resizes_is_resized_in_place(sandbox):
    array = np.arange(4.0)
    sandbox.resize(array, (2, 3))
    assert array.shape == (2, 3)
    assert array.ravel().tolist() == [0.0, 1.0, 2.0, 3.0, 0.0, 0.0]


def test_unchanged_objects_are_not_sent_again(sandbox, messages):
    array, items = np.arange(1000.0), [1, 2]
    sandbox.keep(items)  # the student holds the list; the array is in every call
    sandbox.noop(array)
    mirror = sandbox.harness.mirror
    array_id, items_id = mirror._ids[id(array)], mirror._ids[id(items)]
    sandbox.noop(array, items)
    sandbox.write(array, 0, -1.0)
    items.append(3)
    sandbox.noop(array)
    requests = sent_by(messages, sandbox.harness)
    answers = sent_by(messages, sandbox.student)
    assert [m["k"] for m in requests] == ["call"] * 5 and [m["k"] for m in answers] == ["ok"] * 5
    assert [len(states_of(m, array_id)) for m in requests] == [0, 1, 0, 0, 0]
    assert [len(states_of(m, items_id)) for m in requests] == [1, 0, 0, 0, 1]
    assert [len(states_of(m, array_id)) for m in answers] == [0, 0, 0, 1, 0]
    assert [len(states_of(m, items_id)) for m in answers] == [0, 0, 0, 0, 0]
    assert states_of(requests[-1], items_id) == [["L", [1, 2, 3]]]
    assert array[0] == -1.0 and KEPT == [[1, 2, 3]] and KEPT[0] is not items


def test_a_message_that_cannot_be_packed_changes_nothing(sandbox):
    items, bad = [1], []
    sandbox.keep(items)
    sandbox.keep(bad)
    items.append(2)  # a change the next message carries...
    bad.append(object())
    with pytest.raises(WireError, match="object cannot be handed"):
        sandbox.noop()  # ...but that message fails, and is never sent
    bad.clear()
    sandbox.noop()
    assert KEPT == [[1, 2], []]  # so the change is still sent with the next one
    with pytest.raises(WireError, match="object cannot be handed"):
        sandbox.clone([[2], object()])
    assert sandbox.clone([[2], 3]) == [[2], 3]


def test_objects_nobody_refers_to_are_forgotten_on_both_sides(sandbox, messages):
    items = [1, 2, 3]
    sandbox.noop(items)
    items_id = sandbox.harness.mirror._ids[id(items)]
    assert items_id % 2 == 0 and items_id in sandbox.student.mirror._objects
    del items
    gc.collect()
    sandbox.noop()
    assert items_id in sent_by(messages, sandbox.harness)[-1]["fg"]
    assert items_id not in sandbox.harness.mirror._objects
    assert items_id not in sandbox.student.mirror._objects
    counter = sandbox.make_counter()  # the student keeps no reference: the handle stays
    gc.collect()
    sandbox.noop()
    assert counter.increment() == 1 and counter.increment(2) == 3
    assert counter.count == 3


# == library objects and handles ===============================================================
def test_a_value_graph_comes_back_made_of_the_tests_own_nodes(sandbox):
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = sandbox.add(a, b)
    assert type(c) is Value and c is not a and c is not b
    assert (c.data, c.grad, c._op, c._local_grads) == (-1.0, 0.0, "+", (1.0, 1.0))
    assert c._prev[0] is a and c._prev[1] is b
    sandbox.backward(c)
    assert (a.grad, b.grad, c.grad) == (1.0, 1.0, 1.0)
    made = sandbox.make_value(4.5)
    assert type(made) is Value and (made.data, made.label, made._prev) == (4.5, "made", ())


def test_the_students_change_to_a_library_object_is_seen_by_the_harness(sandbox):
    node = Value(1.0)
    sandbox.set_attribute(node, "grad", 2.5)
    sandbox.set_attribute(node, "label", "renamed")
    assert (node.data, node.grad, node.label) == (1.0, 2.5, "renamed")
    sandbox.delete_attribute(node, "label")
    assert not hasattr(node, "label")
    sandbox.set_attribute(node, "label", "back")
    assert node.label == "back"
    layer = Linear(2, 2, rng=0)
    sandbox.set_attribute(layer, "note", [1])
    sandbox.delete_attribute(layer, "input_grad")
    assert layer.note == [1] and not hasattr(layer, "input_grad")


def test_a_layer_trained_by_the_student_keeps_its_arrays(sandbox):
    layer = Linear(3, 2, rng=0)
    reference = copy.deepcopy(layer)
    grad_W, params = layer.grads["W"], layer.params
    X = np.random.default_rng(1).standard_normal((4, 3))
    out = sandbox.forward_backward(layer, X)
    expected = forward_backward(reference, X)
    assert np.array_equal(out, expected)
    assert layer.grads["W"] is grad_W and layer.params is params  # updated in place
    assert np.array_equal(grad_W, reference.grads["W"]) and grad_W.any()
    assert np.array_equal(layer.grads["b"], reference.grads["b"])
    assert layer._X is X


def test_a_subclass_of_the_tests_crosses_as_its_library_class(sandbox):
    layer = LayerOfTheTests(2, 2, rng=0)
    assert sandbox.type_of(layer) is Linear
    sandbox.write(layer.params["W"], (0, 0), 42.0)
    assert type(layer) is LayerOfTheTests and layer.params["W"][0, 0] == 42.0


def test_a_student_object_without_data_form_is_a_working_handle(sandbox):
    counter = sandbox.make_counter()
    assert isinstance(counter, Remote) and not isinstance(counter, RemoteCallable)
    assert type(counter).__name__ == "Counter"
    assert counter.increment(3) == 3 and counter.count == 3 and len(counter) == 3
    assert counter[4] == 40 and counter + 1 == 4 and 10 + counter == 7
    assert list(counter) == [0, 1, 2]
    counter.count = 5
    assert sandbox.echo(counter).count == 5
    with pytest.raises(AttributeError, match="missing"):
        _ = counter.missing
    function = sandbox.remote["make_value"]
    assert isinstance(function, RemoteCallable) and type(function).__name__ == "function"


def test_a_student_subclass_of_a_library_class_stays_a_handle(sandbox):
    node = sandbox.make_student_value(2.0)
    assert isinstance(node, Remote) and type(node).__name__ == "StudentValue"
    assert node.data == 2.0
    total = node + 1.0  # computed by the student: a plain Value comes back
    assert type(total) is Value and total.data == 3.0


def test_the_harness_hands_out_its_functions_as_callable_handles(sandbox):
    calls = []

    def f(x, *, scale=1):
        calls.append(x)
        return [x * scale]

    assert sandbox.call(f, 2, scale=3) == [6]
    assert sandbox.call(f, np.float32(1.5)) == [np.float32(1.5)]
    assert calls == [2, np.float32(1.5)]
    assert sandbox.echo(f) is f
    assert sandbox.call(sandbox.remote["echo"], "nested") == "nested"  # a call back and forth

    def outer(depth):
        return depth if depth == 0 else sandbox.call(outer, depth - 1) + 1

    assert sandbox.call(outer, 4) == 4


def test_the_student_cannot_ask_the_harness_for_anything_but_calls(sandbox):
    with pytest.raises(PermissionError, match="can only be called"):
        sandbox.poke(lambda: None)
    items = [1, 2]
    with pytest.raises(PermissionError, match="can only be called"):
        sandbox.call_via(lambda: None, items)  # the harness's list is data, not a handle
    assert items == [1, 2]


# == malformed data ============================================================================
def harness_mirror(proxies=None) -> Mirror:
    """A harness's mirror, as `session._peer` builds it (proxies recorded, not connected)."""
    made = [] if proxies is None else proxies

    def make_proxy(shared_id, info):
        made.append(info)
        return ("proxy", shared_id)

    return Mirror(
        HARNESS,
        make_proxy=make_proxy,
        may_hand_out=callable,
        as_library_class=lambda value: library_class(value, allow_subclass=True),
    )


def student_mirror() -> Mirror:
    return Mirror(
        STUDENT,
        make_proxy=lambda shared_id, info: ("proxy", shared_id),
        may_hand_out=lambda value: True,
        as_library_class=lambda value: library_class(value, allow_subclass=False),
    )


def cross(sender: Mirror, receiver: Mirror, value: object) -> object:
    message, buffers = sender.pack("ok", value)
    text = json.dumps(message, separators=(",", ":"))
    return receiver.unpack(json.loads(text), [bytes(buffer) for buffer in buffers])[1]


def receive(mirror: Mirror, body=None, states=(), buffers=(), forget=()):
    message = {"k": "ok", "b": body, "st": [list(s) for s in states], "fg": list(forget)}
    return mirror.unpack(json.loads(json.dumps(message)), list(buffers))[1]


def test_mirrors_cross_values_without_a_socket():
    harness, student = harness_mirror(), student_mirror()
    node = Value(1.0)
    got = cross(harness, student, [node, node, np.arange(3), b"z" * 300])
    assert got[0] is got[1] and type(got[0]) is Value and got[0] is not node
    assert got[2].tolist() == [0, 1, 2] and got[3] == b"z" * 300
    back = cross(student, harness, got)
    assert back[0] is node


F8 = np.arange(3.0).tobytes()


@pytest.mark.parametrize(
    ("body", "states", "buffers", "reason"),
    [
        (["zz"], [], [], "unknown kind"),
        (["t"], [], [], "unknown kind"),
        (["r", 3], [], [], "unknown object"),
        (["r", "1"], [], [], "unknown object"),
        (["r", []], [], [], "unknown object"),
        (["r", 1.0], [[1, ["L", []]]], [], "unknown object"),
        (["r", True], [[1, ["L", []]]], [], "unknown object"),
        ([], [], [], "malformed value"),
        ([1, 2], [], [], "malformed value"),
        ({"a": 1}, [], [], "malformed value"),
        (["t", [{"a": 1}]], [], [], "malformed value"),
        (["F", [{"a": 1}]], [], [], "malformed value"),
        (["t", "not a list"], [], [], "a list was expected"),
        (["F", [["r", 1]]], [[1, ["L", []]]], [], "cannot be hashed"),
        (["I", "xyz"], [], [], "malformed int"),
        (["I", 12], [], [], "unknown kind"),
        (["c", "1", 2], [], [], "unknown kind"),
        (["c", 10**400, 0], [], [], "complex"),
        (["y", "zz"], [], [], "malformed bytes"),
        (["y", 5], [], [], "malformed bytes"),
        (["Y", 0], [], [], "missing buffer"),
        (["Y", 1], [], [b"x"], "missing buffer"),
        (["Y", -1], [], [b"x"], "missing buffer"),
        (["Y", True], [], [b"x"], "missing buffer"),
        (["n", "<f8", "00"], [], [], "wrong size"),
        (["n", "|O", "00" * 8], [], [], "may not cross"),
        (["n", "|V8", "00" * 8], [], [], "may not cross"),
        (["n", "U0", ""], [], [], "wrong size"),
        (["n", "<f8", "zz" * 8], [], [], "malformed bytes"),
        (["n", "x" * 17, ""], [], [], "malformed dtype"),
        (["D", "i4,i4"], [], [], "may not cross"),
        (["D", "(2,)i4"], [], [], "may not cross"),
        (["D", "nonsense"], [], [], "unknown dtype"),
        (["D", "|O"], [], [], "may not cross"),
        (["f", "builtins:eval"], [], [], "names nothing"),
        (["E", 1], [], [], "unknown kind"),
        (["r", 1], [[1, ["Q", []]]], [], "unknown kind"),
        (["r", 1], [[1, []]], [], "unknown kind"),
        (["r", 1], [[1, "L"]], [], "a list was expected"),
        (["r", 1], [[1.0, ["L", []]]], [], "malformed shared state"),
        (["r", 1], [[True, ["L", []]]], [], "malformed shared state"),
        (["r", 1], [[1, ["L", []], 3]], [], "malformed shared state"),
        (["r", 1], [[1, ["L"]]], [], "malformed shared state"),
        (["r", 1], [[1, ["M", [], []]]], [], "malformed shared state"),
        (["r", 1], [[1, ["S"]]], [], "malformed shared state"),
        (["r", 1], [[1, ["O", ["course_lib.engine:Value"], [], []]]], [], "not a name"),
        (["r", 1], [[1, ["L", [["zz"]]]]], [], "unknown kind"),
        (["r", 1], [[1, ["M", [[1]]]]], [], "malformed dict entry"),
        (["r", 1], [[1, ["M", [[["r", 1], 2]]]]], [], "cannot be hashed"),
        (["r", 1], [[1, ["S", [["r", 1]]]]], [], "cannot be hashed"),
        (["r", 1], [[1, ["A", "<f8", [4], 0, True]]], [F8], "does not match its shape"),
        (["r", 1], [[1, ["A", "<f8", [3, 1, 1], 0, True]]], [F8[:-1]], "does not match"),
        (["r", 1], [[1, ["A", "<f8", [], 0, True]]], [F8], "does not match its shape"),
        (["r", 1], [[1, ["A", "<f8", [3], 1, True]]], [F8], "missing buffer"),
        (["r", 1], [[1, ["A", "<f8", [3], 0]]], [F8], "malformed array"),
        (["r", 1], [[1, ["A", "<f8", [-3], 0, True]]], [F8], "malformed shape"),
        (["r", 1], [[1, ["A", "<f8", [3.0], 0, True]]], [F8], "malformed shape"),
        (["r", 1], [[1, ["A", "<f8", [True, 3], 0, True]]], [F8], "malformed shape"),
        (["r", 1], [[1, ["A", "<f8", [1] * 33, 0, True]]], [F8[:8]], "malformed shape"),
        (["r", 1], [[1, ["A", "<f8", 3, 0, True]]], [F8], "a list was expected"),
        (["r", 1], [[1, ["A", "|O", [3], 0, True]]], [F8], "may not cross"),
        (["r", 1], [[1, ["A", "|V8", [3], 0, True]]], [F8], "may not cross"),
        (["r", 1], [[1, ["A", "<i4,<i4", [3], 0, True]]], [F8], "may not cross"),
        (["r", 1], [[1, ["A", "U", [3], 0, True]]], [b""], "array"),
        (["r", 1], [[1, ["A", "<f8", [2**64, 0], 0, True]]], [b""], "array"),
        (["r", 1], [[1, ["A", "<f8", [2**62, 2**62, 0], 0, True]]], [b""], "array"),
        (["r", 1], [[1, ["O", "course_lib.engine:_node", [], []]]], [], "not a course_lib class"),
        (["r", 1], [[1, ["O", "numpy:float64", [], []]]], [], "not a course_lib class"),
        (["r", 1], [[1, ["O", "course_lib.grading.wire.mirror:Mirror", [], []]]], [], "nothing"),
        (["r", 1], [[1, ["O", "course_lib.engine:Value", [1.0], []]]], [], "do not fit"),
        (["r", 1], [[1, ["O", "course_lib.engine:Value", [0.0] * 6, [["x", 1]]]]], [], "fit"),
        (["r", 1], [[1, ["O", "course_lib.engine:Value", [0.0] * 6]]], [], "not a name"),
        (["r", 1], [[1, ["O", "course_lib.engine:Value", [{"a": 1}] * 6, []]]], [], "malformed"),
        (["r", 1], [[1, ["O", "course_lib.layers:Linear", [], [["__class__", 1]]]]], [], "name"),
        (["r", 1], [[1, ["O", "course_lib.layers:Linear", [], [["1x", 1]]]]], [], "name"),
        (["r", 1], [[1, ["O", "course_lib.layers:Linear", [], [[1, 1]]]]], [], "name"),
        (["r", 1], [[1, ["O", "course_lib.layers:Linear", [], [["x"]]]]], [], "attribute list"),
        (["r", 1], [[1, ["H", "m", "q"]]], [], "malformed handle"),
        (["r", 1], [[1, ["H", "m", 5, ""]]], [], "malformed handle"),
    ],
)
def test_malformed_data_from_the_student_is_refused(body, states, buffers, reason):
    with pytest.raises(WireError, match=reason):
        receive(harness_mirror(), body, states, buffers)


@pytest.mark.parametrize(
    "name", ["course_lib.gradcheck:GradientReport", "course_lib.activations:Activation"]
)
@pytest.mark.parametrize(
    ("body", "container"),
    [
        (["F", [["r", 1]]], None),
        (["r", 3], ["S", [["r", 1]]]),
        (["r", 3], ["M", [[["r", 1], 0]]]),
    ],
    ids=["frozenset member", "set member", "dict key"],
)
def test_a_half_built_library_object_that_cannot_be_hashed_is_refused(name, body, container):
    """A frozen dataclass hashes its fields: one sent without them cannot be hashed."""
    states = [[1, ["O", name, [], []]]] + ([[3, container]] if container else [])
    with pytest.raises(WireError, match="cannot be hashed"):
        receive(harness_mirror(), body, states)


def test_a_value_nested_too_deep_is_refused():
    body: list = ["t", []]
    for _ in range(MAX_DEPTH + 5):
        body = ["t", [body]]
    with pytest.raises(WireError, match="nested more than"):
        receive(harness_mirror(), body)
    slices: object = None
    for _ in range(MAX_DEPTH + 5):
        slices = ["sl", slices, None, None]
    with pytest.raises(WireError, match="nested more than"):
        receive(harness_mirror(), slices)


def test_ids_of_the_wrong_parity_cannot_make_new_objects():
    harness, student = harness_mirror(), student_mirror()
    with pytest.raises(WireError, match="this side's ids"):
        receive(harness, ["r", 2], [[2, ["L", []]]])  # the student claiming a harness id
    with pytest.raises(WireError, match="this side's ids"):
        receive(harness, ["r", 0], [[0, ["H", "os", "system", "c"]]])
    with pytest.raises(WireError, match="this side's ids"):
        receive(student, ["r", 1], [[1, ["L", []]]])  # and the other way round
    assert receive(harness, ["r", 1], [[1, ["L", [1]]]]) == [1]


def test_the_student_can_update_the_harness_objects_only_as_what_they_are():
    harness, student = harness_mirror(), student_mirror()
    items, node = [1], Value(1.0)
    cross(harness, student, [items, node, len, lambda: 0])
    items_id, node_id = harness._ids[id(items)], harness._ids[id(node)]
    function_id = next(i for i in harness._owned_handles)
    assert receive(harness, ["r", items_id], [[items_id, ["L", [2]]]]) is items
    assert items == [2]  # an in-place update, by design
    for shared_id, state, reason in [
        (items_id, ["M", []], "a state of kind 'M' for a list"),
        (items_id, ["A", "<f8", [1], 0, True], "kind 'A' for a list"),
        (items_id, ["O", "course_lib.engine:Value", [0.0] * 6, []], "state for a list"),
        (items_id, ["H", "os", "system", "c"], "kind 'H' for a list"),
        (node_id, ["L", []], "kind 'L' for a Value"),
        (function_id, ["L", []], "a state sent for a handle"),
    ]:
        with pytest.raises(WireError, match=reason):
            receive(harness, None, [[shared_id, state]], [F8[:8]])
    assert items == [2] and node.data == 1.0


def test_an_array_cannot_change_its_dtype_in_place():
    harness, student = harness_mirror(), student_mirror()
    array = np.zeros(2)
    cross(harness, student, array)
    array_id = harness._ids[id(array)]
    state = ["A", "<i8", [2], 0, True]
    with pytest.raises(WireError, match="dtype changed"):
        receive(harness, None, [[array_id, state]], [np.arange(2).tobytes()])
    view = np.zeros(4)[::2]
    cross(harness, student, view)
    state = ["A", "<f8", [3], 0, True]
    with pytest.raises(WireError, match="shape changed"):
        receive(harness, None, [[harness._ids[id(view)], state]], [F8])


@pytest.mark.parametrize(
    "message",
    [
        None,
        [],
        {"b": None},
        {"k": 1},
        {"k": "ok", "fg": "x"},
        {"k": "ok", "fg": ["1"]},
        {"k": "ok", "fg": [1.5]},
        {"k": "ok", "st": {}},
        {"k": "ok", "st": [[1]]},
        {"k": "ok", "st": [["1", ["L", []]]]},
    ],
)
def test_a_malformed_header_is_refused(message):
    with pytest.raises(WireError):
        harness_mirror().unpack(message, [])


def test_a_handle_from_the_student_becomes_a_proxy():
    made: list[HandleInfo] = []
    got = receive(harness_mirror(made), ["r", 1], [[1, ["H", "answers", "Model.fit", "ck"]]])
    assert got == ("proxy", 1)
    assert made == [HandleInfo("answers", "Model.fit", callable=True, is_class=True)]
    assert made[0].type_name == "fit"
    assert receive(harness_mirror(made), ["U"]) is UNSET


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 8),
    st.integers(),
    st.floats(),
    st.text(max_size=4),
    st.sampled_from(["<f8", "|O", "U", "S0", ">i4", "M8[s]", "i4,i4", "00", "0000"]),
    st.sampled_from(
        [
            "course_lib.engine:Value",
            "course_lib.layers:Linear",
            "course_lib.gradcheck:GradientReport",
            "course_lib.dual:Dual",
            "course_lib.own_work:OwnWorkError",
            "numpy:tanh",
            "builtins:eval",
        ]
    ),
)
TAGS = ["r", "t", "F", "I", "c", "y", "Y", "sl", "E", "U", "n", "D", "f", "L", "M", "S", "A"]
json_values = st.recursive(
    JSON_LEAVES
    | st.builds(lambda tag, rest: [tag, *rest], st.sampled_from(TAGS), st.lists(JSON_LEAVES)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=2), inner, max_size=2)
        | st.builds(lambda tag, rest: [tag, *rest], st.sampled_from(TAGS), st.lists(inner))
    ),
    max_leaves=12,
)
state_tags = st.sampled_from(["L", "M", "S", "A", "O", "H", "X"])


def holding_objects(mirror: Mirror) -> Mirror:
    """``mirror`` after sharing one of each kind of its own objects (ids from 0 or 1 up)."""
    mirror.pack("call", [[1], {"a": 1}, {2}, np.zeros(3), Value(1.0), Linear(2, 1, rng=0), noop])
    return mirror


@settings(max_examples=300, deadline=None)
@given(
    body=json_values,
    states=st.lists(
        st.tuples(
            st.integers(0, 20),
            st.builds(lambda tag, rest: [tag, *rest], state_tags, st.lists(json_values)),
        ),
        max_size=4,
    ),
    buffers=st.lists(st.binary(max_size=24), max_size=3),
    forget=st.lists(st.integers(0, 20), max_size=2),
)
def test_any_message_is_decoded_or_refused_with_a_wire_error(body, states, buffers, forget):
    """Whatever the other side sends, new objects or states for this side's own."""
    for mirror in (harness_mirror(), student_mirror()):
        for receiver in (mirror, holding_objects(mirror)):
            with contextlib.suppress(WireError):
                receive(receiver, body, states, buffers, forget)


# == the conversation: failures and warnings ===================================================
@pytest.mark.parametrize(
    ("type_name", "message"),
    [
        ("ValueError", "bad value"),
        ("TypeError", "bad type"),
        ("ZeroDivisionError", "by zero"),
        ("AssertionError", "not equal"),
        ("FloatingPointError", "overflow"),
        ("RuntimeError", ""),
        ("NotImplementedError", "later"),
    ],
)
def test_a_builtin_exception_comes_back_as_itself(sandbox, type_name, message):
    with pytest.raises(getattr(builtins, type_name)) as caught:
        sandbox.fail(type_name, message)
    assert type(caught.value) is getattr(builtins, type_name)
    assert str(caught.value) == message


def test_other_exceptions_come_back_as_remote_errors_of_their_name(sandbox):
    with pytest.raises(RemoteError, match=r"^the student's own$") as caught:
        sandbox.fail_custom("the student's own")
    assert type(caught.value).__name__ == "StudentError"
    with pytest.raises(RemoteError) as caught:
        sandbox.exit_process()  # a SystemExit in the sandbox never exits the harness
    assert type(caught.value).__name__ == "SystemExit" and str(caught.value) == "3"
    with pytest.raises(KeyError):
        sandbox.fail("KeyError", "missing")
    with pytest.raises(RemoteError) as caught:
        sandbox.fail_custom("x" * 10_000)
    assert str(caught.value) == "x" * MESSAGE_LIMIT
    with pytest.raises(TypeError, match="takes 2 positional arguments"):
        sandbox.fail(1, 2, 3)
    assert sandbox.echo("still talking") == "still talking"


def test_an_exception_of_a_call_back_travels_through_both_sides(sandbox):
    def failing():
        raise LookupError("from the tests")

    with pytest.raises(LookupError, match="from the tests"):
        sandbox.call(failing)


@pytest.mark.parametrize(
    ("type_name", "message", "expected", "expected_name"),
    [
        ("ValueError", "m", ValueError, "ValueError"),
        ("StopIteration", "done", StopIteration, "StopIteration"),
        ("SystemExit", "1", RemoteError, "SystemExit"),
        ("KeyboardInterrupt", "", RemoteError, "KeyboardInterrupt"),
        ("GeneratorExit", "", RemoteError, "GeneratorExit"),
        ("BaseException", "", RemoteError, "BaseException"),
        ("UnicodeDecodeError", "cannot", RemoteError, "UnicodeDecodeError"),
        ("print", "not an exception", RemoteError, "print"),
        ("not a name!", "m", RemoteError, "Error"),
        (5, None, RemoteError, "Error"),
        ("OwnWorkError", "the rule", RemoteError, "OwnWorkError"),
    ],
)
def test_error_from(type_name, message, expected, expected_name):
    error = error_from(type_name, message)
    assert isinstance(error, Exception) and isinstance(error, expected)
    assert type(error).__name__ == expected_name
    assert str(error) == str(message)


def test_error_from_cuts_long_messages():
    assert str(error_from("ValueError", "y" * 10_000)) == "y" * MESSAGE_LIMIT


def test_a_warning_on_the_students_side_is_raised_again_here(sandbox):
    with pytest.warns(UserWarning, match="^careful$") as caught:
        assert sandbox.warn("careful", "UserWarning") == "warned"
    assert [type(w.message) for w in caught] == [UserWarning]
    with pytest.warns(DeprecationWarning, match="old"):
        sandbox.warn("old", "DeprecationWarning")
    with pytest.warns(RemoteWarning, match="custom") as caught:
        sandbox.warn("custom", "StudentWarning")
    assert [type(w.message) for w in caught] == [RemoteWarning]


def test_a_warning_of_a_failing_call_is_raised_too(sandbox):
    with (
        pytest.warns(RuntimeWarning, match="^before failing$"),
        pytest.raises(ValueError, match="failed after warning"),
    ):
        sandbox.warn_and_fail("before failing")


def test_the_student_computes_under_the_tests_numpy_error_settings(sandbox):
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        sandbox.overflow()
    with np.errstate(over="warn"), pytest.warns(RuntimeWarning, match="overflow"):
        assert sandbox.overflow() == np.inf
    with np.errstate(over="ignore"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = sandbox.overflow()
    assert type(got) is np.float64 and got == np.inf and caught == []


def test_warn_again_and_numpy_settings_take_only_what_is_valid():
    with pytest.warns(UserWarning) as caught:
        _warn_again([["UserWarning", "a"], "junk", ["x"], [None, "b"], ["SyntaxError", "c"]])
    assert [(type(w.message), str(w.message)) for w in caught] == [
        (UserWarning, "a"),
        (RemoteWarning, "b"),
        (RemoteWarning, "c"),
    ]
    with pytest.warns(UserWarning) as caught:
        _warn_again([["UserWarning", str(n)] for n in range(50)])
    assert len(caught) == 20
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _warn_again("not a list")
        _warn_again(None)
    assert caught == []
    settings_in = {"over": "raise", "divide": "call", "under": "bogus", "evil": "raise", 1: 2}
    assert _numpy_settings(settings_in) == {"over": "raise"}
    assert _numpy_settings(["over"]) == {}


def test_a_student_past_the_deadline_times_out(sandbox):
    sandbox.harness.deadline = time.monotonic() + 0.2
    start = time.monotonic()
    with pytest.raises(ChannelTimeout):
        sandbox.sleep(1.0)
    assert time.monotonic() - start < 0.9


def test_an_unknown_operation_ends_the_students_side(sandbox):
    sandbox.expect_student_failure = True
    counter = sandbox.make_counter()
    with pytest.raises(WireError, match="closed"):
        sandbox.harness.request("op", "__import__", counter, ("os",))
    sandbox.thread.join(5)
    assert [str(error) for error in sandbox.student_failures] == [
        "an unknown operation '__import__'"
    ]


def failure(body: list) -> dict:
    """A "raise" answer as the student's side sends it: its body a shared list."""
    return {"k": "raise", "b": ["r", 1], "st": [[1, ["L", body]]], "fg": []}


@pytest.fixture
def fake_student(sockets):
    """A harness peer whose other end the test writes by hand."""
    harness_socket, student_socket = sockets
    peer = session._peer(harness_socket, "wire-tests", time.monotonic() + 5)
    yield peer, student_socket
    peer.mirror.close()


@pytest.mark.parametrize(
    ("reply", "error", "reason"),
    [
        ({"k": "raise", "b": "ValueError"}, WireError, "malformed failure"),
        (failure(["ValueError", "x", "y"]), WireError, "malformed failure"),
        ({"k": "weird", "b": None}, WireError, "unexpected message"),
        ({"k": "ready", "b": None}, WireError, "unexpected message"),
        ({"k": "ok", "b": ["r", 99]}, WireError, "unknown object"),
        (failure(["MemoryError", "big"]), MemoryError, "big"),
        (failure(["SystemExit", "0"]), RemoteError, "0"),
        ({"b": None}, WireError, "without a kind"),
    ],
)
def test_a_malformed_answer_is_refused(fake_student, reply, error, reason):
    peer, other_end = fake_student
    channel.send(other_end, reply, [])  # small frames wait in the socket's buffer
    with pytest.raises(error, match=reason):
        peer.request("call", len, ("x",), ())
    request, _ = channel.receive(other_end, limit=10**6, deadline=soon())
    assert request["k"] == "call"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (frame(b"{oops") + b"{oops", "not valid JSON"),
        (channel.HEADER.pack(0, session.STUDENT_MESSAGE_LIMIT + 1), "the limit is 268,435,456"),
        (frame(b"[]", lengths=[session.STUDENT_MESSAGE_LIMIT]), "the limit is"),
    ],
    ids=["bad JSON", "text over the limit", "buffers over the limit"],
)
def test_an_unreadable_answer_is_a_wire_error(fake_student, raw, reason):
    peer, other_end = fake_student
    other_end.sendall(raw)
    with pytest.raises(WireError, match=reason):
        peer.request("call", len, ("x",), ())
