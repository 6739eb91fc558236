"""Functions and classes both sides have, named instead of handed over: ``"module:qualname"``.

A named object is resolved on the receiving side to that side's own copy: the harness gets its
trusted course_lib, the sandbox its library with the exercise's references stubbed out. Only
these resolve, so a name from the sandbox can never reach anything else of the harness:

- a function or class defined at module level (or nested in such a class) in a course_lib
  library module: every module but the grading tools and the command line;
- numpy's ufuncs (``numpy.tanh``) and scalar types (``numpy.float64``);
- the functions of the math module;
- `BUILTINS`.
"""

from __future__ import annotations

import importlib
import math
import sys
import types

import numpy as np

from .channel import WireError

#: Builtins that may cross by name: types and pure functions of their arguments.
BUILTINS = {
    value.__name__: value
    for value in (
        *(bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset),
        *(abs, len, min, max, sum, round),
    )
}
_BUILTIN_IDS = {id(value): name for name, value in BUILTINS.items()}
LIBRARY = "course_lib"
#: course_lib modules that are tools, not library: nothing of theirs crosses by name.
NOT_LIBRARY = ("course_lib.grading", "course_lib.cli", "course_lib.demo", "course_lib.__main__")


def is_library_module(name: object) -> bool:
    """Whether ``name`` is a course_lib module whose functions and classes cross by name."""
    return (
        isinstance(name, str)
        and (name == LIBRARY or name.startswith(LIBRARY + "."))
        and not any(name == tool or name.startswith(tool + ".") for tool in NOT_LIBRARY)
    )


def name_of(value: object) -> str | None:
    """The name ``value`` crosses under, or None if it is not one of the named objects."""
    if isinstance(value, np.ufunc):
        return f"numpy:{value.__name__}" if getattr(np, value.__name__, None) is value else None
    if isinstance(value, types.BuiltinFunctionType) and getattr(value, "__module__", "") == "math":
        return f"math:{value.__name__}" if getattr(math, value.__name__, None) is value else None
    if id(value) in _BUILTIN_IDS and BUILTINS[_BUILTIN_IDS[id(value)]] is value:
        return f"builtins:{_BUILTIN_IDS[id(value)]}"
    if isinstance(value, type) and issubclass(value, np.generic):
        return f"numpy:{value.__name__}" if getattr(np, value.__name__, None) is value else None
    if isinstance(value, (types.FunctionType, type)):
        module = value.__dict__.get("__module__") if isinstance(value, type) else value.__module__
        qualname = value.__qualname__
        if is_library_module(module) and "<" not in qualname and module in sys.modules:
            try:
                if _walk(sys.modules[module], module, qualname) is value:
                    return f"{module}:{qualname}"
            except WireError:
                return None
    return None


def resolve(name: object) -> object:
    """The object a name from `name_of` stands for on this side; WireError for any other."""
    if not isinstance(name, str) or name.count(":") != 1:
        raise WireError(f"not a name: {name!r:.80}")
    module, qualname = name.split(":")
    if module == "numpy":
        found = getattr(np, qualname, None) if qualname.isidentifier() else None
        if isinstance(found, np.ufunc) or (
            isinstance(found, type) and issubclass(found, np.generic)
        ):
            return found
    elif module == "math":
        found = getattr(math, qualname, None) if qualname.isidentifier() else None
        if isinstance(found, types.BuiltinFunctionType):
            return found
    elif module == "builtins":
        if qualname in BUILTINS:
            return BUILTINS[qualname]
    elif is_library_module(module):
        try:
            imported = importlib.import_module(module)
        except ImportError:
            raise WireError(f"no module {module!r}") from None
        return _walk(imported, module, qualname)
    raise WireError(f"{name!r:.80} names nothing that may cross")


def resolve_class(name: object) -> type:
    """`resolve` for a course_lib class."""
    found = resolve(name)
    if not isinstance(found, type) or not is_library_module(found.__module__):
        raise WireError(f"{name!r:.80} is not a course_lib class")
    return found


def _walk(module: types.ModuleType, module_name: str, qualname: str) -> object:
    """``module.<qualname>``, through classes of that module only, no dunder names."""
    target: object = module
    parts = qualname.split(".")
    for position, part in enumerate(parts):
        if not part.isidentifier() or part.startswith("__"):
            raise WireError(f"{qualname!r:.80} is not a plain name")
        if position and not isinstance(target, type):
            raise WireError(f"{qualname!r:.80} goes through something other than a class")
        target = vars(target).get(part)
        defined_here = isinstance(target, (types.FunctionType, type)) and (
            getattr(target, "__module__", None) == module_name
        )
        if not defined_here:
            raise WireError(f"{module_name}:{qualname} is not defined in {module_name}")
    return target
