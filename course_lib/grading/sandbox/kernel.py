"""nbgrader's kernel in the sandbox: the run that produces the notebook the formgrader shows.

nbgrader executes the whole submitted notebook in one kernel, and that kernel runs every
cell a student wrote, so it gets the same sandbox as the exercises' children, with the real
course_lib (later cells rely on it; this run's scores do not count). `SandboxedExecute`
replaces nbgrader's ``Execute`` preprocessor (`autograde_preprocessors`):

- its kernel manager starts ``ipykernel`` in the sandbox, limited from inside before the
  kernel starts (`KERNEL_START`), and talks to it over Unix sockets in a folder of the job's
  own (IPC transport: the sandbox has no network, not even the host's loopback), which also
  keeps ipykernel from warning about unencrypted TCP;
- interrupts at a cell's time limit are sent as messages, which reach the kernel inside;
- the host keeps at most `OUTPUT_LIMIT` bytes of the notebook's output, and no message over
  `MESSAGE_LIMIT` is received, so a student who prints gigabytes costs the grader nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from course_lib.grading.ipc_kernel import IPCKernelManager
from course_lib.grading.sandbox.launch import (
    ENVIRONMENT,
    Mounts,
    font_cache,
    python_folders,
    sandboxed_command,
    writable_by_sandbox,
)

PACKAGE_DIR = Path(__file__).resolve().parents[2]
KERNEL_MEMORY_BYTES = 4 * 1024**3
KERNEL_LIMITS = {
    "RLIMIT_AS": KERNEL_MEMORY_BYTES,
    "RLIMIT_CPU": 1800,
    "RLIMIT_NPROC": 128,
    "RLIMIT_FSIZE": 64 * 1024**2,
    "RLIMIT_NOFILE": 512,
    "RLIMIT_CORE": 0,
}
OUTPUT_LIMIT = 4 * 1024**2
MESSAGE_LIMIT = 8 * 1024**2
#: How long a message to the kernel may wait for it to take it: a kernel whose sockets a
#: student broke would otherwise keep the grader waiting forever.
SEND_TIMEOUT_MS = 2000
TMP_BYTES = 256 * 1024**2
#: Run inside the sandbox before anything else: the limits, then ipykernel in this process.
KERNEL_START = """import json, resource, sys
for name, value in json.loads(sys.argv[1]).items():
    resource.setrlimit(getattr(resource, name), (value, value))
from ipykernel.kernelapp import launch_new_instance
launch_new_instance(argv=sys.argv[2:])
"""
KERNEL_ENVIRONMENT = {
    name: value
    for name, value in {**ENVIRONMENT, "IPYTHONDIR": "/tmp/ipython"}.items()
    if name != "MPLBACKEND"  # figures inline, for the formgrader
}


class ClientWithoutHeartbeat(AsyncKernelClient):
    """A kernel client that starts no heartbeat thread.

    The heartbeat's ping waits, with no time limit, for a kernel whose sockets a student's
    code broke, and stopping the channels joins that thread, so the grader would wait forever.
    Whether the kernel lives is asked of its manager (the process) instead, as nbclient does.
    """

    def start_channels(self, *args, **kwargs) -> None:
        super().start_channels(*args, **{**kwargs, "hb": False})


class SandboxedKernelManager(IPCKernelManager):
    """A kernel manager whose kernel runs in the sandbox (`sandboxed`: False runs it as a
    plain process, with the same transport and limits, for ``--no-sandbox``)."""

    sandboxed = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.client_factory = ClientWithoutHeartbeat
        writable_by_sandbox(Path(self.runtime))
        self.context.setsockopt(zmq.MAXMSGSIZE, MESSAGE_LIMIT)
        self.context.setsockopt(zmq.SNDTIMEO, SEND_TIMEOUT_MS)

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"  # a signal would stop at the sandbox's edge
        return spec

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        if self.sandboxed and os.geteuid() == 0:
            os.chown(self.connection_file, 65534, 65534)

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        launcher = command[command.index("-m") + 2 :] if "-m" in command else command[1:]
        program = [sys.executable, "-I", "-c", KERNEL_START, json.dumps(KERNEL_LIMITS), *launcher]
        if not self.sandboxed:
            return program
        read_only = [(str(PACKAGE_DIR), str(PACKAGE_DIR))]
        if any(str(PACKAGE_DIR).startswith(folder + "/") for folder in python_folders()):
            read_only = []  # installed into site-packages: bound with the Python installation
        mounts = Mounts(
            read_only=(*read_only, *font_cache()), writable=((self.runtime, self.runtime),)
        )
        return sandboxed_command(
            program, mounts, tmp_bytes=TMP_BYTES, environment=KERNEL_ENVIRONMENT
        )

    async def _async_interrupt_kernel(self) -> None:
        with contextlib.suppress(zmq.Again):  # not taken: the time limit kills the kernel
            await super()._async_interrupt_kernel()

    async def _async_request_shutdown(self, restart: bool = False) -> None:
        with contextlib.suppress(zmq.Again):  # not taken: shutting down kills the kernel
            await super()._async_request_shutdown(restart=restart)


class UnsandboxedKernelManager(SandboxedKernelManager):
    """The same kernel as a plain process (``course autograde --no-sandbox``)."""

    sandboxed = False


class SandboxedExecute(Execute):
    """nbgrader's Execute with the kernel in the sandbox and the output kept small."""

    manager = SandboxedKernelManager

    def __init__(self, *args, **kwargs) -> None:
        kwargs["kernel_manager_class"] = self.manager
        super().__init__(*args, **kwargs)
        self._kept = 0

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        self._kept += size
        if self._kept > OUTPUT_LIMIT:
            return None  # the rest of the output is dropped
        return super().output(outs, msg, display_id, cell_index)


class UnsandboxedExecute(SandboxedExecute):
    manager = UnsandboxedKernelManager


def autograde_preprocessors(*, sandboxed: bool, execute: bool = True) -> list[type]:
    """nbgrader's autograde preprocessors with `SandboxedExecute` (or, with
    ``execute=False``, without running the notebook at all)."""
    runner = [SandboxedExecute if sandboxed else UnsandboxedExecute] if execute else []
    return [
        *runner,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
