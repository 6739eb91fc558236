"""The bubblewrap command that puts a program into the sandbox, and the check that it can.

`sandboxed_command` wraps a program so that it starts in the sandbox the package docstring
describes; `check_sandbox` starts a trivial one and raises `SandboxUnavailable`, naming the
cause, when the host cannot (bubblewrap missing, user namespaces disabled).

bubblewrap resolves the paths it binds after switching to the sandbox's user, so a path below
a folder that uid 65534 may not enter (a Python installed under ``/root``) cannot be bound
directly. Run as root, the grader therefore starts bubblewrap through a small shell in a
private mount namespace that first bind-mounts each such folder onto an empty folder anyone
may enter, then drops to uid 65534 (``setpriv``) and binds from there.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_lib.reproducible import with_pinned_blas

NOBODY = 65534
#: System folders bound read-only (or recreated as the symlinks they are).
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: The environment inside: nothing of the host's but what is set here (OpenBLAS's kernels
#: pinned where the CPU allows, as in the grader: `course_lib.reproducible`).
ENVIRONMENT = with_pinned_blas(
    {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
)
INSTALL_HINT = (
    "install Debian's bubblewrap package (make sandbox-deps), or grade without a sandbox with "
    "--no-sandbox (the export then marks those grades as unsandboxed)"
)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this host; the message names the cause."""


@dataclass(frozen=True)
class Mounts:
    """What the sandbox sees besides the system folders and the Python installation:
    (host path, path inside) pairs of folders or files."""

    read_only: tuple[tuple[str, str], ...] = ()
    writable: tuple[tuple[str, str], ...] = ()


def font_cache() -> tuple[tuple[str, str], ...]:
    """matplotlib's font list, bound where the sandbox's matplotlib looks for it (building
    one takes about a second), or nothing when the host has none."""
    import matplotlib
    from matplotlib import font_manager

    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    path = Path(matplotlib.get_cachedir()) / name
    return ((str(path), f"{ENVIRONMENT['MPLCONFIGDIR']}/{name}"),) if path.is_file() else ()


def python_folders() -> tuple[str, ...]:
    """The folders of the running Python installation: its prefix and, in a virtual
    environment, the base installation's."""
    candidates = {
        os.path.realpath(prefix)
        for prefix in (sys.base_prefix, sys.prefix, str(Path(sys.executable).parent))
    }
    return tuple(
        sorted(
            folder
            for folder in candidates
            if not any(_inside(folder, system) for system in SYSTEM_FOLDERS)
            and not any(other != folder and _inside(folder, other) for other in candidates)
        )
    )


def sandboxed_command(
    program: list[str],
    mounts: Mounts,
    *,
    tmp_bytes: int,
    environment: dict[str, str] = ENVIRONMENT,
    chdir: str = "/tmp",
) -> list[str]:
    """``program`` started in the sandbox, with ``environment`` as its whole environment."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    read_only = [(folder, folder) for folder in python_folders()] + list(mounts.read_only)
    staged = os.geteuid() == 0
    stage = _stage_folder() if staged else None
    sources = {}
    for index, (host, _) in enumerate(read_only + list(mounts.writable)):
        sources[host] = _stage_point(stage, index, host) if staged else host
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session"]
    args += ["--uid", str(NOBODY), "--gid", str(NOBODY), "--hostname", "sandbox", "--clearenv"]
    for name, value in environment.items():
        args += ["--setenv", name, value]
    for folder in SYSTEM_FOLDERS:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_bytes), "--tmpfs", "/tmp"]
    for host, inside in read_only:
        args += ["--ro-bind", sources[host], inside]
    for host, inside in mounts.writable:
        args += ["--bind", sources[host], inside]
    args += ["--chdir", chdir, "--", *program]
    if not staged:
        return args
    binds = "".join(
        f"mount --bind {shlex.quote(host)} {shlex.quote(source)} && "
        for host, source in sources.items()
    )
    drop = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    script = f"{binds}exec {shlex.join(drop + args)}"
    return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script]


@functools.cache
def _stage_folder() -> str:
    """A folder anyone may enter, for the mount points of the staged binds (root only)."""
    folder = tempfile.mkdtemp(prefix="course-sandbox-stage-")
    os.chmod(folder, 0o755)
    return folder


def _stage_point(stage: str, index: int, host: str) -> str:
    """An empty folder (or file, for a file) to bind ``host`` onto."""
    if os.path.isdir(host):
        point = f"{stage}/d{index}"
        os.makedirs(point, mode=0o755, exist_ok=True)
    else:
        point = f"{stage}/f{index}"
        with open(point, "a"):
            os.chmod(point, 0o644)
    return point


def writable_by_sandbox(path: Path) -> None:
    """Let the sandbox's user write ``path`` (a folder the host made for it)."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def check_sandbox() -> None:
    """Start a trivial sandbox; SandboxUnavailable with the cause if that fails."""
    command = sandboxed_command([sys.executable, "-I", "-c", "pass"], Mounts(), tmp_bytes=1 << 20)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise SandboxUnavailable(f"bubblewrap could not be run ({error}): {INSTALL_HINT}") from None
    except subprocess.TimeoutExpired:
        raise SandboxUnavailable("a trivial sandbox did not start within 60 s") from None
    if done.returncode != 0:
        raise SandboxUnavailable(explain_failure(done.stderr))


def explain_failure(stderr: str) -> str:
    """What a failed start of bubblewrap means, from what it printed."""
    text = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
    if "namespace" in text.lower() or "permission denied" in text.lower():
        cause = (
            "this host does not let unprivileged users create user namespaces "
            "(kernel.unprivileged_userns_clone, user.max_user_namespaces or an AppArmor "
            "restriction)"
        )
        return f"the sandbox cannot start: {cause}; bubblewrap said: {text}. {INSTALL_HINT}"
    return f"the sandbox cannot start; bubblewrap said: {text}. {INSTALL_HINT}"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")
