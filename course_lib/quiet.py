"""Run a student's code without letting its warnings or stderr output cost marks.

nbgrader scores a test cell as zero when anything is written to stderr while it runs, so a
correct answer that triggers a harmless ``RuntimeWarning`` (an overflow in a naive sigmoid)
or prints a debug line to ``sys.stderr`` would lose its marks. Test cells wrap their calls
of the student's functions in `quietly`.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator

import numpy as np


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Inside the block: warnings are ignored, numpy floating-point errors are ignored, and
    whatever is written to stderr, through ``sys.stderr`` or straight to file descriptor 2,
    is discarded. Exceptions pass through unchanged; stdout is untouched."""
    sys.stderr.flush()
    saved_fd = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            with (
                warnings.catch_warnings(),
                np.errstate(all="ignore"),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                warnings.simplefilter("ignore")
                yield
    finally:
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
