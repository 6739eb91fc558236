"""A kernel manager that talks to its kernel over Unix sockets in a private folder.

IPC transport instead of TCP: nothing listens on the network, not even the loopback, and
ipykernel has no reason to warn that TCP is unencrypted. The kernel's own stdout and stderr
(its log, not the cells' output, which comes back as messages) go nowhere, so the output of
`course execute` and of grading stays clean. The folder is removed with the kernel, or
with the manager at the latest (its garbage collection, or the end of the process), for the
paths on which a client never cleans its kernel up.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import weakref

from jupyter_client.manager import AsyncKernelManager


class IPCKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, on IPC sockets in a folder of its own (``runtime``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.runtime = tempfile.mkdtemp(prefix="course-kernel-")
        weakref.finalize(self, shutil.rmtree, self.runtime, ignore_errors=True)
        self.transport = "ipc"
        self.ip = f"{self.runtime}/k"
        self.connection_file = f"{self.runtime}/connection.json"

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        kw.update(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self.runtime, ignore_errors=True)
