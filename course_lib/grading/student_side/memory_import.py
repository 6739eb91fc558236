"""Import a library from memory: compiled modules handed over by the harness, no files.

`install` puts a finder first on ``sys.meta_path`` that serves every module of the table; a
package's resources (course_lib's data files) are read from ``root``, the only place on the
filesystem the library has.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import marshal
import pathlib
import sys
import types
from dataclasses import dataclass


@dataclass(frozen=True)
class CompiledModule:
    """One module of the library: its dotted name, whether it is a package, its path below
    the library's root (for tracebacks and resources) and its marshalled code."""

    name: str
    is_package: bool
    path: str
    code: bytes


class MemoryLibrary(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """A finder and loader for the modules of one library held in memory."""

    def __init__(self, modules: list[CompiledModule], root: str) -> None:
        self._modules = {module.name: module for module in modules}
        self._root = root

    def find_spec(self, fullname, path=None, target=None):
        module = self._modules.get(fullname)
        if module is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            fullname, self, origin=self._file(module), is_package=module.is_package
        )
        if module.is_package:
            spec.submodule_search_locations = [str(pathlib.Path(self._file(module)).parent)]
        spec.has_location = True
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        compiled = self._modules[module.__name__]
        exec(marshal.loads(compiled.code), module.__dict__)

    def get_resource_reader(self, fullname):
        module = self._modules.get(fullname)
        if module is None or not module.is_package:
            return None
        return _FolderReader(pathlib.Path(self._file(module)).parent)

    def _file(self, module: CompiledModule) -> str:
        return f"{self._root.rstrip('/')}/{module.path}"

    def refill(self, module: types.ModuleType) -> None:
        """Give an already imported placeholder package its real code and spec."""
        spec = self.find_spec(module.__name__)
        module.__spec__, module.__loader__ = spec, self
        module.__file__ = spec.origin
        module.__path__ = spec.submodule_search_locations or []
        self.exec_module(module)


class _FolderReader(importlib.abc.TraversableResources):
    def __init__(self, folder: pathlib.Path) -> None:
        self._folder = folder

    def files(self):
        return self._folder


def install(modules: list[CompiledModule], root: str, placeholders: tuple[str, ...]) -> None:
    """Serve ``modules`` before any other finder; refill the placeholder packages already
    imported with their real code."""
    library = MemoryLibrary(modules, root)
    sys.meta_path.insert(0, library)
    for name in placeholders:
        if name in sys.modules and library.find_spec(name) is not None:
            library.refill(sys.modules[name])
