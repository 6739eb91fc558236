"""Answers that reach an exercise's reference in course_lib by every route a student might
take, generated from one template per exercise.

Each unit's variants module holds ``BORROWED = {grade_id: (reference, template)}``:
``reference`` is the dotted name of a module-level function or class of course_lib, and
``template`` an answer to the exercise that passes the tests only through it, written with
``REF`` where the reference is used. `borrowed_answers` rewrites the template once per route.
"""

from __future__ import annotations

import copy
import re

import nbformat

#: The routes to a reference, each turning (module, name, template) into (setup, answer):
#: ``setup`` is code run in an earlier cell (empty when the route needs none).
ROUTES = (
    "direct name",
    "renamed import",
    "module attribute",
    "computed name",
    "wrapper",
    "subclass or partial",
    "stored before the exercise cell",
    "copied code object",
)


def borrowed_answers(reference: str, template: str) -> dict[str, tuple[str, str]]:
    """route -> (code for an earlier cell, answer), for every route in `ROUTES`."""
    module, _, name = reference.rpartition(".")
    is_class = name[:1].isupper()
    name_parts = repr(name[: len(name) // 2]), repr(name[len(name) // 2 :])
    module_parts = repr(module[: len(module) // 2]), repr(module[len(module) // 2 :])
    defines_name = re.search(rf"^(def|class) {re.escape(name)}\b", template, re.MULTILINE)
    direct = f"from {module} import {name}\n"
    routes = {
        "direct name": ("", direct if defines_name else direct + template.replace("REF", name)),
        "renamed import": (
            "",
            f"from {module} import {name} as borrowed\n" + _use(template, "borrowed"),
        ),
        "module attribute": ("", f"import {module}\n" + _use(template, f"{module}.{name}")),
        "computed name": (
            "",
            "import importlib\n"
            f"_module = importlib.import_module({' + '.join(module_parts)})\n"
            f"_found = getattr(_module, {' + '.join(name_parts)})\n" + _use(template, "_found"),
        ),
        "wrapper": (
            "",
            f"from {module} import {name} as _inner\n\n\n"
            "def _wrapped(*args, **kwargs):\n    return _inner(*args, **kwargs)\n\n\n"
            + _use(template, "_wrapped" if not is_class else "_inner"),
        ),
        "subclass or partial": (
            "",
            (
                f"from {module} import {name} as _Base\n\n\nclass _Mine(_Base):\n    pass\n\n\n"
                + _use(template, "_Mine")
            )
            if is_class
            else (
                f"import functools\nfrom {module} import {name} as _inner\n"
                "_partial = functools.partial(_inner)\n" + _use(template, "_partial")
            ),
        ),
        "stored before the exercise cell": (
            f"import {module}\nstored_earlier = {module}.{name}\n",
            _use(template, "stored_earlier"),
        ),
    }
    if not is_class:
        routes["copied code object"] = (
            f"import types\nimport {module}\n_original = {module}.{name}\n"
            "copied_earlier = types.FunctionType(_original.__code__, _original.__globals__, "
            "'copy', _original.__defaults__, _original.__closure__)\n"
            "copied_earlier.__kwdefaults__ = _original.__kwdefaults__\n",
            _use(template, "copied_earlier"),
        )
    return routes


def _use(template: str, expression: str) -> str:
    if "REF" not in template:
        raise ValueError(f"a borrowing template must use REF: {template!r}")
    return template.replace("REF", expression)


def with_earlier_cell(notebook: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with ``code`` added as a last setup cell, so that it runs
    after the setup and before any exercise (the "earlier cell" of a route)."""
    changed = copy.deepcopy(notebook)
    if code:
        cell = nbformat.v4.new_code_cell(code, metadata={"tags": ["setup"]})
        changed.cells.append(cell)
    return changed
