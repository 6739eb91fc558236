"""OpenBLAS pinned to one set of kernels where the CPU can run them, and nowhere else."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course_lib import reproducible
from course_lib.cli import main
from course_lib.grading.sandbox.launch import Mounts, sandboxed_command
from course_lib.reproducible import PINNED_BLAS, can_pin, cpu_flags, with_pinned_blas

CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
flags\t\t: fpu sse2 avx avx2 fma avx512f
processor\t: 1
flags\t\t: fpu sse2
"""


def test_cpu_flags_are_those_of_the_first_cpu(tmp_path):
    path = tmp_path / "cpuinfo"
    path.write_text(CPUINFO)
    assert cpu_flags(path) == {"fpu", "sse2", "avx", "avx2", "fma", "avx512f"}


def test_cpu_flags_are_empty_without_cpuinfo_or_its_flags(tmp_path):
    assert cpu_flags(tmp_path / "missing") == frozenset()
    (tmp_path / "noflags").write_text("processor\t: 0\n")
    assert cpu_flags(tmp_path / "noflags") == frozenset()


@pytest.mark.parametrize(
    ("flags", "machine", "expected"),
    [
        ({"avx2", "fma", "sse2"}, "x86_64", True),
        ({"avx2", "fma"}, "AMD64", True),
        ({"avx2"}, "x86_64", False),  # no FMA: the Haswell kernels would stop on SIGILL
        ({"avx2", "fma"}, "aarch64", False),  # OpenBLAS has no Haswell kernels there
        (set(), "x86_64", False),
    ],
)
def test_pinning_needs_an_x86_64_cpu_with_avx2_and_fma(flags, machine, expected):
    assert can_pin(frozenset(flags), machine) is expected


def test_the_pin_is_added_to_a_copy_and_a_value_already_set_is_kept(monkeypatch):
    monkeypatch.setattr(reproducible, "cpu_flags", lambda: frozenset({"avx2", "fma"}))
    monkeypatch.setattr(reproducible.platform, "machine", lambda: "x86_64")
    environment = {"PATH": "/bin"}
    assert with_pinned_blas(environment) == {"PATH": "/bin", **PINNED_BLAS}
    assert environment == {"PATH": "/bin"}
    assert with_pinned_blas({"OPENBLAS_CORETYPE": "Zen"}) == {"OPENBLAS_CORETYPE": "Zen"}


def test_no_pin_where_the_cpu_cannot_run_it(monkeypatch):
    monkeypatch.setattr(reproducible, "cpu_flags", lambda: frozenset({"sse2"}))
    assert with_pinned_blas({"PATH": "/bin"}) == {"PATH": "/bin"}


def test_the_test_process_itself_is_pinned_where_the_machine_can_be():
    # tests/conftest.py pins it before numpy loads; the doctests of the model answers and
    # every kernel and worker this process starts depend on it.
    assert dict(os.environ) == with_pinned_blas(os.environ)


def test_a_sandboxed_program_sees_the_same_pin_as_the_grader():
    show = "import os; print(os.environ.get('OPENBLAS_CORETYPE'))"
    command = sandboxed_command([sys.executable, "-I", "-c", show], Mounts(), tmp_bytes=1 << 20)
    printed = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert printed.stdout == f"{with_pinned_blas({}).get('OPENBLAS_CORETYPE')}\n"


def test_the_course_command_pins_its_own_process_before_it_runs(monkeypatch, capsys):
    for name in PINNED_BLAS:
        monkeypatch.delenv(name, raising=False)
    assert main(["execute", "99_no_such_unit"]) == 2
    capsys.readouterr()
    assert dict(os.environ) == with_pinned_blas(os.environ)
    assert all(os.environ.get(name) == with_pinned_blas({}).get(name) for name in PINNED_BLAS)
