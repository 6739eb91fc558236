"""One floating-point path on every x86-64 machine, so executed notebooks print the same digits.

OpenBLAS, numpy's matrix library, chooses its kernels for the CPU it loads on, and an
AVX-512 kernel adds up a product's terms in another order than an AVX2 one. The products
then differ in their last bit, and a few thousand training steps turn that into the third
printed digit: unit 06's Adam runs end at a max error of 0.0902 on one machine and 0.0869 on
another. Pinning OpenBLAS to its Haswell kernels (AVX2 and FMA, which most x86-64 CPUs made
since 2013 have) gives bit-identical runs on all of them, so the outputs that `course
execute` stores are the outputs nbval finds on another machine. A CPU without those features
(or of another architecture) keeps OpenBLAS's own choice.

OpenBLAS reads the setting once, when numpy is first imported: it must be in the
environment of a process before that, which is why this module imports nothing heavy.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from pathlib import Path

#: The environment variable and the kernels it selects.
PINNED_BLAS = {"OPENBLAS_CORETYPE": "Haswell"}
#: The CPU features the Haswell kernels use; without them OpenBLAS keeps its own choice.
REQUIRED_FLAGS = frozenset({"avx2", "fma"})
CPUINFO = Path("/proc/cpuinfo")


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The feature flags of the first CPU listed in ``cpuinfo`` (empty when it is missing)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def can_pin(flags: frozenset[str], machine: str) -> bool:
    """Whether a CPU with these flags, of this architecture, runs the pinned kernels."""
    return machine.lower() in {"x86_64", "amd64"} and REQUIRED_FLAGS <= flags


def with_pinned_blas(environment: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``environment`` with OpenBLAS pinned to the kernels of `PINNED_BLAS`, when
    this machine can run them; a value the environment already sets is kept."""
    pinned = dict(environment)
    if can_pin(cpu_flags(), platform.machine()):
        for name, value in PINNED_BLAS.items():
            pinned.setdefault(name, value)
    return pinned
