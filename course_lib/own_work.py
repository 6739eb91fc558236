"""Grade an exercise on the student's own code: its references in course_lib are off limits.

The library holds a reference implementation of almost everything the exercises ask for, so
that later cells and units can rely on it. While a test cell runs the student's code for an
exercise, it does so inside ``with own_work(grade_id):``. During that block the exercise's
references (`course_lib.exercise_references`) must not run at all: the block watches every
Python function call (``sys.setprofile``) and, when one of them starts executing a
reference's code, the block fails with a one-sentence `OwnWorkError` once it ends, even if
the student's code caught an exception in between.

Watching the code that runs, rather than the names the answer uses, covers every route to a
reference at once: the direct name, a renamed import, a module attribute, ``importlib`` or
``getattr`` with a computed name, a subclass, a wrapper (``functools.partial``, a lambda, a
library class that calls the reference), a function object or code object stored before the
exercise cell ran. Everything else stays usable inside the block (other exercises'
references, the rest of the library), and the test cell's own calls of the reference, made
outside the block, work as usual.

Like `course_lib.quiet.quietly`, which it includes, the block also keeps the student's
warnings and stderr output from costing marks.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import pkgutil
import sys
import threading
import types
from collections.abc import Iterator
from typing import NoReturn

from course_lib.exercise_references import EXERCISE_REFERENCES, NAMED_IN_INSTRUCTIONS
from course_lib.quiet import quietly

#: Modules of course_lib that are not library code a student would call.
ENTRY_POINTS = frozenset({"__main__", "cli", "demo"})
#: id(code object) -> the dotted name of the reference it belongs to, while a block runs.
_watched: dict[int, str] = {}
#: The references that ran while the current block was open, in order.
_used: list[str] = []
#: True while the harness runs a test cell: there the student's code runs in the sandbox,
#: whose library has the references stubbed out, so the blocks only need to be quiet.
_left_to_grader = False


class OwnWorkError(AssertionError):
    """The student's code for an exercise called one of that exercise's references."""


def rule_sentence(grade_id: str) -> str:
    """The sentence that states the rule in the exercise's instructions: it names the
    references of `NAMED_IN_INSTRUCTIONS`; ValueError for an exercise without references."""
    if not EXERCISE_REFERENCES.get(grade_id):
        raise ValueError(f"exercise {grade_id!r} has no references: there is no rule to state")
    named = [f"`{name}`" for name in NAMED_IN_INSTRUCTIONS[grade_id]]
    if set(NAMED_IN_INSTRUCTIONS[grade_id]) != set(EXERCISE_REFERENCES[grade_id]):
        named.append("another of the library's versions of it")
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    return f"Write this one yourself: an answer that uses {listed} earns no marks."


def violation_message(grade_id: str, used: str | None) -> str:
    """The one-sentence failure of a block: ``used`` names the reference that ran, or is
    None when the watcher was switched off."""
    if used is None:
        return (
            f"Exercise {grade_id!r} asks you to write it yourself, but your code switched off "
            "the check that it does."
        )
    return (
        f"Exercise {grade_id!r} asks you to write it yourself, but your code used {used}, "
        "which is off limits for it."
    )


def off_limits(grade_id: str, reference: str) -> NoReturn:
    """What a reference does in the grader's sandbox, where the exercise's references are
    stubs (`course_lib.grading.harness.stubs`): note that it was called, then fail with the
    rule's sentence."""
    _used.append(reference)
    raise OwnWorkError(violation_message(grade_id, reference))


def _watch(frame: types.FrameType, event: str, arg: object) -> None:
    """The profile function: note every start of a watched code object."""
    if event == "call" and _watched:
        name = _watched.get(id(frame.f_code))
        if name is not None:
            _used.append(name)


@contextlib.contextmanager
def left_to_grader() -> Iterator[None]:
    """Inside, blocks are only quiet: the harness (`course_lib.grading.harness`) runs test
    cells here, and the rule is kept by the sandbox, where the exercise's references are
    stubs (`off_limits`)."""
    global _left_to_grader
    saved, _left_to_grader = _left_to_grader, True
    try:
        yield
    finally:
        _left_to_grader = saved


@contextlib.contextmanager
def own_work(grade_id: str) -> Iterator[None]:
    """Run the block quietly, failing it if it used a reference of exercise ``grade_id``.

    Raises:
        ValueError: ``grade_id`` is not an exercise of the course.
        OwnWorkError: on leaving the block, if a reference of the exercise ran inside it or
            if the watcher was switched off inside it.
    """
    watched = watched_ids(grade_id)
    if _left_to_grader:
        with quietly():
            yield
        return
    outer = dict(_watched), list(_used)
    saved = sys.getprofile(), threading.getprofile()
    with quietly():
        _watched.clear()
        _watched.update(watched)
        _used.clear()
        sys.setprofile(_watch)
        threading.setprofile(_watch)
        try:
            yield
        finally:
            switched_off = sys.getprofile() is not _watch
            used = list(_used)
            _watched.clear()
            _watched.update(outer[0])
            _used[:] = outer[1]
            sys.setprofile(saved[0])
            threading.setprofile(saved[1])
            if used or switched_off:
                raise OwnWorkError(violation_message(grade_id, used[0] if used else None))


def watched_ids(grade_id: str) -> dict[int, str]:
    """id(code object) -> reference name, for every code object of `forbidden_code`: what a
    watcher compares each started frame's code with. The ids are stable because
    `forbidden_code` keeps its code objects alive."""
    return {id(code): name for code, name in forbidden_code(grade_id).items()}


@functools.cache
def forbidden_code(grade_id: str) -> dict[types.CodeType, str]:
    """Every code object that belongs to a reference of ``grade_id`` -> the reference's name.

    A function contributes its code and the code nested in it (inner functions, lambdas,
    comprehensions); a class, every function defined in its body (methods, properties, static
    and class methods, nested classes). Both also bring the private functions and classes of
    course_lib that they use, directly or through one another, and their private base
    classes, unless a public function or method of the library that is not a reference uses
    them too (a shared helper belongs to no one exercise). Results are cached, so the code
    objects stay alive and their ids stay unique.
    """
    if grade_id not in EXERCISE_REFERENCES:
        raise ValueError(f"{grade_id!r} is not an exercise of the course")
    references = {name: resolve(name) for name in EXERCISE_REFERENCES[grade_id]}
    found: dict[types.CodeType, str] = {}
    for name, reference in references.items():
        for code in _own_code(reference):
            found.setdefault(code, name)
    shared = {
        id(helper)
        for function in _library_functions()
        if function.__code__ not in found
        for helper in _private_dependencies(function)
    }
    for name, reference in references.items():
        for helper in _private_dependencies(reference):
            if id(helper) not in shared:
                for code in _own_code(helper):
                    found.setdefault(code, name)
    return found


def resolve(dotted_name: str) -> object:
    """The object a dotted name such as ``course_lib.engine.Value.backward`` refers to."""
    parts = dotted_name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ValueError(f"{dotted_name!r} does not name an object in an importable module")


def _own_code(target: object) -> Iterator[types.CodeType]:
    """The code objects written in a function's or a class's own body."""
    if isinstance(target, (staticmethod, classmethod)):
        yield from _own_code(target.__func__)
    elif isinstance(target, property):
        for accessor in (target.fget, target.fset, target.fdel):
            if accessor is not None:
                yield from _own_code(accessor)
    elif inspect.isclass(target):
        for member in vars(target).values():
            yield from _own_code(member)
    elif isinstance(target, types.FunctionType):
        yield from nested_code(target.__code__)


def nested_code(code: types.CodeType) -> Iterator[types.CodeType]:
    """``code`` and every code object defined inside it, at any depth."""
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from nested_code(constant)


def _private_dependencies(target: object) -> list[object]:
    """The private functions and classes of course_lib that ``target`` uses, directly or
    through one another, and its private base classes."""
    found: dict[int, object] = {}
    pending = [target]
    while pending:
        current = pending.pop()
        candidates = list(inspect.getmro(current)[1:]) if inspect.isclass(current) else []
        module = sys.modules.get(getattr(current, "__module__", None) or "")
        for code in _own_code(current):
            candidates += [getattr(module, name, None) for name in code.co_names]
        for candidate in candidates:
            if _is_private_part(candidate) and id(candidate) not in found:
                found[id(candidate)] = candidate
                pending.append(candidate)
    return list(found.values())


def _is_private_part(candidate: object) -> bool:
    """Whether ``candidate`` is a private function or class defined in course_lib."""
    return (
        (isinstance(candidate, types.FunctionType) or inspect.isclass(candidate))
        and candidate.__name__.startswith("_")
        and (getattr(candidate, "__module__", None) or "").startswith("course_lib.")
    )


@functools.cache
def _library_functions() -> tuple[types.FunctionType, ...]:
    """Every public function and every method of a public class in the library's modules
    (all of course_lib but its command line and the grading tools)."""
    package = importlib.import_module("course_lib")
    functions: list[types.FunctionType] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg or info.name in ENTRY_POINTS:
            continue
        module = importlib.import_module(f"course_lib.{info.name}")
        for name, member in vars(module).items():
            if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
                continue
            if isinstance(member, types.FunctionType):
                functions.append(member)
            elif inspect.isclass(member):
                functions += [
                    function for part in vars(member).values() for function in _functions_in(part)
                ]
    return tuple(functions)


def _functions_in(part: object) -> list[types.FunctionType]:
    """The functions behind a class attribute (a method, property, static or class method)."""
    if isinstance(part, (staticmethod, classmethod)):
        part = part.__func__
    if isinstance(part, property):
        return [f for f in (part.fget, part.fset, part.fdel) if isinstance(f, types.FunctionType)]
    return [part] if isinstance(part, types.FunctionType) else []
