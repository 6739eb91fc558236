"""What the benchmarks ran on, and the one change they make to their own environment.

Some machines set ``OPENBLAS_CORETYPE`` (and ``OPENBLAS_L2_SIZE``) because old OpenBLAS
builds compute wrong results on their processors. A current numpy does not need them, and
they make OpenBLAS run a generic kernel, slowing numpy down against torch. So the runner
re-executes itself without both, before anything imports numpy, and reports what it removed
and which kernel OpenBLAS then chose. ``--keep-blas-env`` keeps them.

This module imports nothing heavy at the top: `drop_blas_overrides` must run before numpy.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from datetime import datetime, timezone

#: Environment variables that pin OpenBLAS to a kernel or a cache size.
BLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
#: Set by the runner in the process it re-executes: what it removed, for the report.
_REMOVED = "COURSE_BENCH_REMOVED_BLAS_ENV"


def drop_blas_overrides(module: str, argv: list[str]) -> None:
    """Re-execute ``python -m module *argv`` without `BLAS_OVERRIDES` if any is set.

    Returns only when none is set (the re-executed process comes back here and returns);
    otherwise the current process is replaced.
    """
    found = {name: os.environ[name] for name in BLAS_OVERRIDES if name in os.environ}
    if not found:
        return
    if "numpy" in sys.modules:
        raise RuntimeError("numpy was imported before the BLAS overrides could be dropped")
    env = {name: value for name, value in os.environ.items() if name not in BLAS_OVERRIDES}
    env[_REMOVED] = ", ".join(f"{name}={value}" for name, value in found.items())
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", module, *argv], env)


def set_thread_count(threads: int) -> None:
    """Make numpy's OpenBLAS (in processes started from now on) and torch use ``threads``."""
    if "numpy" in sys.modules:
        raise RuntimeError("numpy was imported before its thread count could be set")
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)


def thread_count() -> int:
    """The threads each library gets: ``OPENBLAS_NUM_THREADS`` if set, else one per core
    (OpenBLAS's own default), so that torch can be given the same number."""
    return int(os.environ.get("OPENBLAS_NUM_THREADS") or os.cpu_count() or 1)


def describe() -> dict[str, str]:
    """The machine, the interpreter, numpy's BLAS and the libraries compared with."""
    import numpy as np

    info = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {_cpu_model()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy BLAS": _blas_kernel(),
        "BLAS environment": _blas_environment(),
        "load average before": load_average(),
    }
    info.update(_versions_of("torch", "micrograd"))
    return info


def _blas_environment() -> str:
    removed = os.environ.get(_REMOVED)
    if removed:
        return f"removed for this run: {removed}"
    kept = [f"{name}={os.environ[name]}" for name in BLAS_OVERRIDES if name in os.environ]
    return f"kept (--keep-blas-env): {', '.join(kept)}" if kept else "no OpenBLAS override set"


def _blas_kernel() -> str:
    """The BLAS numpy loaded, its version, thread count and the kernel it chose at run time.

    threadpoolctl reads this from the loaded library when it is installed; otherwise the
    OpenBLAS library that numpy loaded is asked directly through ctypes, and numpy's build
    configuration gives the name and version.
    """
    import numpy as np

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        threadpool_info = None
    if threadpool_info is not None:
        pools = [pool for pool in threadpool_info() if pool.get("user_api") == "blas"]
        if pools:
            pool = pools[0]
            return (
                f"{pool['internal_api']} {pool['version']}, kernel {pool.get('architecture')}, "
                f"{pool['num_threads']} threads (threadpoolctl)"
            )
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    corename, threads = _openblas_runtime()
    return (
        f"{blas.get('name')} {blas.get('version')}, kernel {corename}, {threads} threads "
        "(asked through ctypes; numpy.show_config for the name)"
    )


def _openblas_runtime() -> tuple[str, str]:
    """``(kernel name, thread count)`` from the OpenBLAS library loaded in this process."""
    path = _loaded_library("openblas")
    if path is None:
        return "unknown (no OpenBLAS library loaded)", "?"
    library = ctypes.CDLL(path)
    # scipy-openblas (numpy's wheels) prefixes and suffixes its symbols; plain builds do not.
    for prefix, suffix in (("scipy_", "64_"), ("", "64_"), ("", "")):
        try:
            corename = getattr(library, f"{prefix}openblas_get_corename{suffix}")
            threads = getattr(library, f"{prefix}openblas_get_num_threads{suffix}")
        except AttributeError:
            continue
        corename.restype = ctypes.c_char_p
        return corename().decode(), str(threads())
    return "unknown (no openblas_get_corename)", "?"


def _loaded_library(fragment: str) -> str | None:
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if fragment in os.path.basename(path).lower() and ".so" in path:
                    return path
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def busy_warning(load_averages: list[str]) -> str | None:
    """A warning when a 1-minute load average (as `describe` writes it) reached half the
    cores: other processes then took turns with the benchmarks, and timings are noisy."""
    peak = max(float(text.split()[0]) for text in load_averages if text != "unknown")
    cores = os.cpu_count() or 1
    if peak < 0.5 * cores:
        return None
    return (
        f"The machine was busy while measuring (1-minute load average up to {peak:.1f} on "
        f"{cores} cores): these numbers are noisy; rerun `make bench` on a quiet machine."
    )


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, as the report shows them."""
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg()) + " (1, 5, 15 min)"
    except OSError:
        return "unknown"


def _versions_of(*packages: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in packages:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed (pip install -e '.[bench]')"
    return versions
