"""The library as the sandbox gets it for one exercise: its references replaced by stubs.

Every module of course_lib is compiled here, in the harness, and sent to the exercise's child
(`course_lib.grading.student_side.memory_import`). In the modules that hold code of the
exercise's references (`course_lib.own_work.forbidden_code`: the references, the code nested
in them, and the private helpers only they use), each such function keeps its signature and
docstring, and its body becomes one call of `course_lib.own_work.off_limits`, which raises the
rule's sentence. The real code of the references is therefore nowhere in the child: not in its
memory, not on its filesystem, whatever route the student's code takes to it.
"""

from __future__ import annotations

import ast
import functools
import inspect
import marshal
import sys
import types
from collections import defaultdict
from pathlib import Path

import course_lib
from course_lib.exercise_references import EXERCISE_REFERENCES
from course_lib.own_work import OwnWorkError, forbidden_code, violation_message

PACKAGE_DIR = Path(course_lib.__file__).resolve().parent
STUB = "from course_lib.own_work import off_limits as _off_limits\n_off_limits({!r}, {!r})\n"


@functools.cache
def compiled_library(grade_id: str | None) -> tuple[tuple[str, bool, str, bytes], ...]:
    """(module, is a package, path below the package folder, marshalled code) for every
    module of course_lib, with ``grade_id``'s references stubbed (none for None or an
    exercise without references)."""
    stubs = _stubs_by_file(grade_id)
    modules = []
    for path in _module_files():
        if str(path) in stubs:
            modules.append(_compiled(path, grade_id, stubs.pop(str(path))))
        else:
            modules.append(_compiled_as_is(path))
    if stubs:
        raise LookupError(f"references of {grade_id!r} outside the package: {sorted(stubs)}")
    return tuple(modules)


@functools.cache
def _module_files() -> tuple[Path, ...]:
    return tuple(sorted(PACKAGE_DIR.rglob("*.py")))


@functools.cache
def _compiled_as_is(path: Path) -> tuple[str, bool, str, bytes]:
    return _compiled(path, None, {})


def _compiled(
    path: Path, grade_id: str | None, lines: dict[int, str]
) -> tuple[str, bool, str, bytes]:
    """One module, with the functions starting at ``lines`` stubbed."""
    relative = path.relative_to(PACKAGE_DIR)
    parts = ["course_lib", *relative.with_suffix("").parts]
    is_package = parts[-1] == "__init__"
    name = ".".join(parts[:-1] if is_package else parts)
    tree = ast.parse(path.read_text(), filename=str(path))
    if lines:
        _stub_out(tree, grade_id, lines, relative)
    code = compile(tree, f"course_lib/{relative}", "exec", dont_inherit=True)
    return name, is_package, str(relative), marshal.dumps(code)


@functools.cache
def stubbed_objects(grade_id: str | None) -> frozenset[int]:
    """ids of the functions and classes whose code the child gets as stubs: the harness hands
    these to the student's code as its own functions (a call back), never by name."""
    codes = set(_forbidden(grade_id))
    if not codes:
        return frozenset()
    found = set()
    for module in _library_modules():
        for value in vars(module).values():
            members = vars(value).values() if inspect.isclass(value) else ()
            for candidate in (value, *members):
                code = getattr(getattr(candidate, "__func__", candidate), "__code__", None)
                if code in codes:
                    found.add(id(candidate))
                    found.add(id(value))
    return frozenset(found)


def stand_in(grade_id: str | None):
    """A function giving, for a library function or class the student's side sends (by name,
    or as the class of an object it made), what it is in the student's process: a stub.

    A stubbed function becomes a function that fails with the rule; a class with stubbed
    members becomes a subclass whose stubbed members fail with it (`twin_class`). Anything
    else is itself. Without this, naming a reference (``sigmoid = course_lib.activations.
    sigmoid``) or returning a reference's object would have the harness run the real code.
    """
    codes = _forbidden(grade_id)
    if not codes:
        return lambda value: value

    def replace(value: object) -> object:
        if isinstance(value, types.FunctionType) and value.__code__ in codes:
            return _failing(grade_id, codes[value.__code__], value)
        if isinstance(value, type) and _stubbed_members(grade_id, value):
            return twin_class(grade_id, value)
        return value

    return replace


@functools.cache
def twin_class(grade_id: str, cls: type) -> type:
    """A subclass of the library class ``cls`` whose members stubbed for ``grade_id`` fail
    with the rule: what an object of ``cls`` that the student's code made is, here."""
    members = {"__slots__": (), "__module__": __name__, "__qualname__": cls.__qualname__}
    members.update(_stubbed_members(grade_id, cls))
    return type(cls.__name__, (cls,), members)


@functools.cache
def _stubbed_members(grade_id: str, cls: type) -> dict[str, object]:
    """name -> failing replacement, for each member of ``cls`` (or its bases) whose code is
    stubbed for ``grade_id``."""
    codes = _forbidden(grade_id)
    found: dict[str, object] = {}
    for base in reversed(cls.__mro__):
        for name, member in vars(base).items():
            function = member.fget if isinstance(member, property) else member
            function = getattr(function, "__func__", function)
            code = getattr(function, "__code__", None)
            if code in codes:
                failing = _failing(grade_id, codes[code], function)
                found[name] = property(failing) if isinstance(member, property) else failing
            elif name in found:
                del found[name]  # overridden by a member that is not stubbed
    return found


def _failing(grade_id: str, reference: str, original: object):
    """A function named like ``original`` that fails with the rule for ``reference``."""

    def fails(*args, **kwargs):
        raise OwnWorkError(violation_message(grade_id, reference))

    fails.__name__ = fails.__qualname__ = getattr(original, "__name__", "reference")
    return fails


def _forbidden(grade_id: str | None) -> dict[types.CodeType, str]:
    """`course_lib.own_work.forbidden_code` of an exercise of the course; nothing for None or
    an exercise from outside the course (which has no references)."""
    if grade_id is None or grade_id not in EXERCISE_REFERENCES:
        return {}
    return forbidden_code(grade_id)


def _library_modules() -> list[types.ModuleType]:
    return [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("course_lib.") and isinstance(module, types.ModuleType)
    ]


def _stubs_by_file(grade_id: str | None) -> dict[str, dict[int, str]]:
    """file -> {first line of a function to stub: the reference it belongs to}."""
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for code, reference in _forbidden(grade_id).items():
        found[str(Path(code.co_filename).resolve())][code.co_firstlineno] = reference
    return found


def _stub_out(tree: ast.Module, grade_id: str, lines: dict[int, str], relative: Path) -> None:
    """Replace the body of every function of ``tree`` that starts at one of ``lines``;
    LookupError if a line is neither such a function nor inside one."""
    covered: list[range] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
        if first not in lines:
            continue
        kept = node.body[:1] if ast.get_docstring(node) is not None else []
        stub = ast.parse(STUB.format(grade_id, lines[first])).body
        for statement in stub:
            ast.copy_location(statement, node.body[0])
        node.body = kept + stub
        covered.append(range(first, (node.end_lineno or node.lineno) + 1))
    ast.fix_missing_locations(tree)
    missing = [line for line in lines if not any(line in span for span in covered)]
    if missing:
        raise LookupError(f"no function to stub at lines {missing} of course_lib/{relative}")
