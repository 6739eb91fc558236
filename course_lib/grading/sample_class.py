"""The bundled sample class: eleven students' submissions of unit 01, built at run time.

Each is the student release with small edits made here in code, so the sample follows the
unit when it changes: the reference answers come from the source notebook's answer cells
(without the solution markers). What each student shows, and what grading it should give,
is in `SAMPLE_STUDENTS`.
"""

from __future__ import annotations

import copy

import nbformat

from course_lib.grading.notebook import nbgrader_metadata

SAMPLE_UNIT = "01_perceptron"
#: student -> what the submission is and what its grade should be.
SAMPLE_STUDENTS = {
    "perfect": "every exercise answered correctly: full marks",
    "blank": "the release handed in untouched: zero",
    "partial": "xor_two_layer wrong (>= for >), dnf_network and train_perceptron not attempted",
    "noisy": "correct, but xor_two_layer writes to stderr and overflows in exp: full marks even so",
    "looping": "gate_weights loops forever: 0 for it, the rest graded",
    "crashing": "a later cell calls os._exit(1): full marks, and a note that it stopped",
    "cheating": "replaces numpy.allclose and check_close, answers xor_two_layer with 42: 0 for it",
    "borrowing": "answers xor_two_layer and train_perceptron with course_lib's own: 0 for both",
    "reusing": "xor_two_layer built from the student's own gate_weights: full marks",
    "snooping": "xor_two_layer reads the instructor's solutions and opens a socket: 0 for it",
    "malformed": "not valid JSON: failed, with the reason",
}
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
NOISY_XOR = """

def xor_two_layer(X):
    import sys

    print("debug: xor_two_layer was called", file=sys.stderr)
    np.exp(np.float64(1000.0))  # overflows: a RuntimeWarning, harmless here
    return _xor_without_noise(X)


print("the xor_two_layer cell ran", file=sys.stderr)"""
CHEATING_CELL = """import numpy
import course_lib.checks

numpy.allclose = lambda *args, **kwargs: True
course_lib.checks.check_close = lambda *args, **kwargs: None"""
CHEATING_XOR = """check_close = lambda *args, **kwargs: None


def xor_two_layer(X):
    return 42"""
BORROWING_XOR = """import course_lib.activations


def xor_two_layer(X):
    W1, b1 = np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5])
    hidden = course_lib.activations.step(X @ W1 + b1)
    return course_lib.activations.step(hidden @ np.array([1.0, 1.0]) - 1.5)"""
BORROWING_TRAIN_PERCEPTRON = """from course_lib.linear_models import Perceptron as Trainer


def train_perceptron(X, y, max_epochs):
    model = Trainer(max_epochs=max_epochs).fit(X, y)
    return model.w_, model.converged_, model.n_iter_"""
REUSING_XOR = """def xor_two_layer(X):
    def unit(inputs, name):  # a gate from my own gate_weights, with the step H(0) = 0
        w, b = gate_weights(name, inputs.shape[1])
        return np.where(inputs @ w + b > 0, 1.0, 0.0)

    hidden = np.stack([unit(X, "OR"), unit(X, "NAND")], axis=1)
    return unit(hidden, "AND")"""
#: Looks for the source notebook wherever a grader might keep it, and for a network.
SNOOPING_XOR = """import glob
import os
import socket

found = []
for depth in range(4):
    found += glob.glob("/*" * depth + "/solutions/01_perceptron/*.ipynb")
found += glob.glob(os.path.expanduser("~/.ssh/*"))
try:  # a public DNS server: the sandbox's own loopback would prove nothing
    socket.create_connection(("1.1.1.1", 53), timeout=1).close()
    found.append("a network")
except OSError:
    pass


def xor_two_layer(X):
    if not found:
        raise RuntimeError("nothing to copy from")
    s = X.sum(axis=1)
    return ((s > 0.5) & (s < 1.5)).astype(float)"""
LOOPING_GATE_WEIGHTS = """def gate_weights(name, n_inputs=2):
    while True:
        pass"""


def reference_answers(source: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> the source's answer cell without its ``### BEGIN/END SOLUTION`` lines."""
    answers = {}
    for cell in source.cells:
        meta = nbgrader_metadata(cell)
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            lines = [line for line in cell.source.splitlines() if line.strip() not in MARKERS]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def _with_answers(release: nbformat.NotebookNode, answers: dict[str, str]):
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = nbgrader_metadata(cell).get("grade_id")
        if cell.cell_type == "code" and grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def _insert_before(notebook: nbformat.NotebookNode, grade_id: str, source: str):
    index = next(
        i
        for i, cell in enumerate(notebook.cells)
        if nbgrader_metadata(cell).get("grade_id") == grade_id
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.id = f"student-{grade_id}"
    notebook.cells.insert(index, cell)
    return notebook


def sample_class(source: nbformat.NotebookNode, release: nbformat.NotebookNode) -> dict[str, bytes]:
    """student -> the bytes of the file that student hands in, for unit 01.

    Args:
        source: the source notebook of unit 01 (solutions and hidden tests).
        release: its student release.
    """
    right = reference_answers(source)
    notebooks = {
        "perfect": _with_answers(release, right),
        "blank": copy.deepcopy(release),
        "partial": _with_answers(
            release,
            {
                **{k: v for k, v in right.items() if k not in ("dnf_network", "train_perceptron")},
                "xor_two_layer": right["xor_two_layer"].replace(" > 0", " >= 0"),
            },
        ),
        "noisy": _with_answers(
            release,
            {
                **right,
                "xor_two_layer": "import sys\n\n"
                + right["xor_two_layer"].replace("def xor_two_layer(", "def _xor_without_noise(")
                + NOISY_XOR,
            },
        ),
        "looping": _with_answers(release, {**right, "gate_weights": LOOPING_GATE_WEIGHTS}),
        "crashing": _insert_before(
            _with_answers(release, right), "train_perceptron", "import os\n\nos._exit(1)"
        ),
        "cheating": _insert_before(
            _with_answers(release, {**right, "xor_two_layer": CHEATING_XOR}),
            "xor_two_layer_tests",
            CHEATING_CELL,
        ),
        "borrowing": _with_answers(
            release,
            {
                **right,
                "xor_two_layer": BORROWING_XOR,
                "train_perceptron": BORROWING_TRAIN_PERCEPTRON,
            },
        ),
        "reusing": _with_answers(release, {**right, "xor_two_layer": REUSING_XOR}),
        "snooping": _with_answers(release, {**right, "xor_two_layer": SNOOPING_XOR}),
    }
    files = {student: nbformat.writes(nb).encode() for student, nb in notebooks.items()}
    files["malformed"] = nbformat.writes(release).encode()[:200]
    return files
