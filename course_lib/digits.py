"""The handwritten digits data set, shipped with the package.

The UCI optical digits: 8x8 images of the digits 0 .. 9, as rows of 64 pixel intensities.
Split them with `course_lib.preprocessing.train_test_split`; encode their labels for a
softmax output with `course_lib.preprocessing.one_hot`.
"""

from __future__ import annotations

import gzip
from importlib import resources

import numpy as np


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The UCI optical handwritten digits: 1797 images of 8x8 pixels, 10 classes.

    The file ships inside the package (see ``course_lib/data/README.md`` for its source and
    licence); nothing is downloaded.

    Returns:
        X: float64 array of shape (1797, 64), pixel intensities scaled to [0, 1];
            ``X[i].reshape(8, 8)`` is image i, row by row.
        y: int64 array of shape (1797,), the digit 0 .. 9 each image shows.
    """
    resource = resources.files("course_lib") / "data" / "digits.csv.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.float64)
    return table[:, :-1] / 16.0, table[:, -1].astype(np.int64)
