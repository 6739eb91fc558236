"""Wrong and alternative correct answers to the exercises of unit 01 (threshold units and
the perceptron).

Most wrong answers are a correct answer with one typical mistake put in by `_mistake`, which
refuses an edit whose text is not found exactly once, so a variant cannot silently stay a
copy of the correct answer. The sources run after the notebook's setup cell (numpy as
``np``, ``truth_table`` and ``logic_gate`` from course_lib.datasets).

`BORROWED` holds, per exercise, an answer that passes only through one of the exercise's
references in course_lib (`course_lib.exercise_references`), with ``REF`` where it is used.
"""

from __future__ import annotations


def _mistake(source: str, old: str, new: str) -> str:
    """``source`` with the one occurrence of ``old`` replaced by ``new``."""
    if source.count(old) != 1:
        raise ValueError(f"the text to replace must occur exactly once in the source: {old!r}")
    return source.replace(old, new)


# --- gate_weights ------------------------------------------------------------------------

GATES = """
def gate_weights(name, n_inputs=2):
    w = np.ones(n_inputs)
    if name == "AND":
        return w, -(n_inputs - 0.5)
    if name == "OR":
        return w, -0.5
    if name == "NAND":
        return -w, n_inputs - 0.5
    if name == "NOT":
        return -w, 0.5
    raise ValueError(name)
"""

GATES_ON_THE_EDGE = """
def gate_weights(name, n_inputs=2):
    # integer biases on the edge: correct only because H(0) = 0
    w = np.ones(n_inputs, dtype=int)
    biases = {"AND": 1 - n_inputs, "OR": 0, "NAND": n_inputs, "NOT": 1}
    return (-w if name in ("NAND", "NOT") else w), biases[name]
"""

GATES_SCALED = """
def gate_weights(name, n_inputs=2):
    # every weight and bias of the usual units multiplied by 10
    table = {
        "AND": (10.0, 5.0 - 10.0 * n_inputs),
        "OR": (10.0, -5.0),
        "NAND": (-10.0, 10.0 * n_inputs - 5.0),
        "NOT": (-10.0, 5.0),
    }
    weight, bias = table[name]
    return np.full(n_inputs, weight), bias
"""

# --- dnf_network -------------------------------------------------------------------------

DNF_LOOP = """
def dnf_network(y):
    y = np.asarray(y)
    n = int(round(np.log2(len(y))))
    columns, biases = [], []
    for i, value in enumerate(y):
        if value == 1:
            bits = [(i >> (n - 1 - j)) & 1 for j in range(n)]
            columns.append([1.0 if bit else -1.0 for bit in bits])
            biases.append(0.5 - sum(bits))
    W1 = np.array(columns, dtype=float).reshape(len(columns), n).T
    return W1, np.array(biases, dtype=float), np.ones(len(columns)), -0.5
"""

DNF_VECTORISED = """
def dnf_network(y):
    y = np.asarray(y, dtype=float)
    n = len(y).bit_length() - 1
    rows = truth_table(n)[y == 1]
    return 2 * rows.T - 1, 0.5 - rows.sum(axis=1), np.ones(len(rows)), -0.5
"""

DNF_EVERY_ROW = """
def dnf_network(y):
    # a detector for every row of the table; the output unit only listens to the true ones
    y = np.asarray(y, dtype=float)
    X = truth_table(len(y).bit_length() - 1)
    return 2 * X.T - 1, 0.5 - X.sum(axis=1), y.copy(), -0.5
"""

DNF_SCALED = """
def dnf_network(y):
    y = np.asarray(y, dtype=float)
    rows = truth_table(len(y).bit_length() - 1)[y == 1]
    return 4 * rows.T - 2, 1 - 2 * rows.sum(axis=1), 3 * np.ones(len(rows)), -1
"""

# --- xor_two_layer -----------------------------------------------------------------------

XOR = """
def xor_two_layer(X):
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
    b1 = np.array([-0.5, 1.5])
    hidden = (X @ W1 + b1 > 0).astype(float)
    return (hidden @ np.array([1.0, 1.0]) - 1.5 > 0).astype(float)
"""

XOR_UNITS = """
def xor_two_layer(X):
    x1, x2 = X[:, 0], X[:, 1]
    h1 = np.heaviside(x1 + x2 - 0.5, 0.0)
    h2 = np.heaviside(-x1 - x2 + 1.5, 0.0)
    return np.heaviside(h1 + h2 - 1.5, 0.0)
"""

XOR_BAND = """
def xor_two_layer(X):
    # OR and NAND together: the band 0.5 < x1 + x2 < 1.5
    s = X.sum(axis=1)
    return ((s > 0.5) & (s < 1.5)).astype(float)
"""

XOR_LOOP = """
def xor_two_layer(X):
    step = lambda a: 1.0 if a > 0 else 0.0
    out = []
    for x1, x2 in X:
        out.append(step(step(x1 + x2 - 0.5) + step(-x1 - x2 + 1.5) - 1.5))
    return np.array(out)
"""

# --- train_perceptron --------------------------------------------------------------------

TRAIN = """
def train_perceptron(X, y, max_epochs):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(X1.shape[1])
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for i in range(len(X1)):
            prediction = 1.0 if w @ X1[i] > 0 else 0.0
            if prediction != y[i]:
                w = w + (y[i] - prediction) * X1[i]
                mistakes += 1
        if mistakes == 0:
            return w, True, epoch
    return w, False, max_epochs
"""

TRAIN_SEPARATE_BIAS = """
def train_perceptron(X, y, max_epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for epoch in range(1, max_epochs + 1):
        changed = False
        for x, target in zip(X, y):
            error = target - (1.0 if x @ w + b > 0 else 0.0)
            if error != 0:
                w, b = w + error * x, b + error
                changed = True
        if not changed:
            return np.append(w, b), True, epoch
    return np.append(w, b), False, max_epochs
"""

TRAIN_WHILE = """
def train_perceptron(X, y, max_epochs):
    X1 = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(X1.shape[1])
    epochs, converged = 0, False
    while epochs < max_epochs and not converged:
        epochs += 1
        converged = True
        for x, target in zip(X1, y):
            error = target - np.heaviside(w @ x, 0.0)
            if error:
                w = w + error * x
                converged = False
    return w, converged, epochs
"""

TRAIN_BATCH = """
def train_perceptron(X, y, max_epochs):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(X1.shape[1])
    for epoch in range(1, max_epochs + 1):
        errors = y - (X1 @ w > 0)
        if not errors.any():
            return w, True, epoch
        w = w + X1.T @ errors
    return w, False, max_epochs
"""

TRAIN_WITH_LIBRARY_STEP = """
from course_lib.activations import step


def train_perceptron(X, y, max_epochs):
    # the library's step is not a reference of this exercise: using it is allowed
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(X1.shape[1])
    for epoch in range(1, max_epochs + 1):
        updated = False
        for x, target in zip(X1, y):
            error = target - step(w @ x)
            if error != 0:
                w = w + error * x
                updated = True
        if not updated:
            return w, True, epoch
    return w, False, max_epochs
"""

# --- train_perceptron_batch --------------------------------------------------------------

BATCH = """
def train_perceptron_batch(X, y, max_epochs):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(X1.shape[1])
    for epoch in range(1, max_epochs + 1):
        errors = y - (X1 @ w > 0)
        if not errors.any():
            return w, True, epoch
        w = w + X1.T @ errors
    return w, False, max_epochs
"""

BATCH_LOOP = """
def train_perceptron_batch(X, y, max_epochs):
    X1 = [list(x) + [1.0] for x in X]
    w = np.zeros(len(X1[0]))
    for epoch in range(1, max_epochs + 1):
        change, mistakes = np.zeros_like(w), 0
        for x, target in zip(X1, y):
            prediction = 1.0 if w @ np.array(x) > 0 else 0.0
            if prediction != target:
                change = change + (target - prediction) * np.array(x)
                mistakes += 1
        if mistakes == 0:
            return w, True, epoch
        w = w + change
    return w, False, max_epochs
"""

BATCH_WHILE = """
from course_lib.activations import step


def train_perceptron_batch(X, y, max_epochs):
    X1 = np.column_stack([X, np.ones(len(X))])
    w, epochs = np.zeros(X1.shape[1]), 0
    while epochs < max_epochs:
        epochs += 1
        errors = y - step(X1 @ w)
        if np.all(errors == 0):
            return w, True, epochs
        w = w + errors @ X1
    return w, False, epochs
"""

BATCH_CHECKS_AFTER_THE_UPDATE = """
def train_perceptron_batch(X, y, max_epochs):
    # stops as soon as the new weights are right: the clean epoch is never run
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(X1.shape[1])
    for epoch in range(1, max_epochs + 1):
        w = w + X1.T @ (y - (X1 @ w > 0))
        if np.array_equal((X1 @ w > 0).astype(float), y):
            return w, True, epoch
    return w, False, max_epochs
"""

# --- perceptron_settings -----------------------------------------------------------------


def _settings(settings: str) -> str:
    return f"""
def perceptron_settings():
    return {settings}
"""


VARIANTS = {
    "gate_weights": {
        "wrong: AND bias -1.5 for any number of inputs": _mistake(
            GATES, "-(n_inputs - 0.5)", "-1.5"
        ),
        "wrong: NAND bias 1.5 for any number of inputs": _mistake(
            GATES, "-w, n_inputs - 0.5", "-w, 1.5"
        ),
        "wrong: AND bias -n never fires because H(0) = 0": _mistake(
            GATES, "-(n_inputs - 0.5)", "-n_inputs"
        ),
        "wrong: NAND keeps AND's positive weights": _mistake(
            GATES, "-w, n_inputs - 0.5", "w, n_inputs - 0.5"
        ),
        "wrong: OR bias +0.5": _mistake(GATES, "w, -0.5", "w, 0.5"),
        "wrong: NOT returns a number instead of an array of shape (1,)": _mistake(
            GATES, "-w, 0.5", "-1.0, 0.5"
        ),
        "wrong: NOT with weight +1": _mistake(GATES, "return -w, 0.5", "return w, -0.5"),
        "correct: halfway biases": GATES,
        "correct: integer biases on the H(0) = 0 edge": GATES_ON_THE_EDGE,
        "correct: every weight and bias ten times larger": GATES_SCALED,
    },
    "dnf_network": {
        "wrong: bias -(number of ones): a detector misses its own row": _mistake(
            DNF_LOOP, "0.5 - sum(bits)", "-sum(bits)"
        ),
        "wrong: bias 1.5 - (number of ones): detectors fire on neighbouring rows": _mistake(
            DNF_LOOP, "0.5 - sum(bits)", "1.5 - sum(bits)"
        ),
        "wrong: no negated inputs (weight 0 on the zeros)": _mistake(
            DNF_LOOP, "1.0 if bit else -1.0", "1.0 if bit else 0.0"
        ),
        "wrong: AND instead of OR at the output": _mistake(
            DNF_LOOP, "np.ones(len(columns)), -0.5", "np.ones(len(columns)), 0.5 - len(columns)"
        ),
        "wrong: output bias -1, one firing detector gives H(0) = 0": _mistake(
            DNF_LOOP, "np.ones(len(columns)), -0.5", "np.ones(len(columns)), -1.0"
        ),
        "wrong: W1 of shape (0,) for the table that is never true": _mistake(
            DNF_LOOP, ".reshape(len(columns), n).T", ".T"
        ),
        "wrong: lecture's column form, W1 of shape (K, n)": _mistake(
            DNF_LOOP, ".reshape(len(columns), n).T", ".reshape(len(columns), n)"
        ),
        "wrong: least significant bit first": _mistake(
            DNF_LOOP, "(i >> (n - 1 - j)) & 1", "(i >> j) & 1"
        ),
        "correct: a loop over the rows": DNF_LOOP,
        "correct: vectorised with truth_table": DNF_VECTORISED,
        "correct: a detector for every row, output weights y": DNF_EVERY_ROW,
        "correct: all weights scaled, integer output bias": DNF_SCALED,
    },
    "xor_two_layer": {
        "wrong: the lecture's W used as X @ W (units as rows)": _mistake(
            XOR, "[[1.0, -1.0], [1.0, -1.0]]", "[[1.0, 1.0], [-1.0, -1.0]]"
        ),
        "wrong: no step in the hidden layer": _mistake(
            XOR, "(X @ W1 + b1 > 0).astype(float)", "X @ W1 + b1"
        ),
        "wrong: >= in the hidden layer": _mistake(XOR, "X @ W1 + b1 > 0", "X @ W1 + b1 >= 0"),
        "wrong: OR at the output": _mistake(XOR, "- 1.5 > 0", "- 0.5 > 0"),
        "wrong: NAND bias with the wrong sign": _mistake(XOR, "[-0.5, 1.5]", "[-0.5, -1.5]"),
        "wrong: np.heaviside with H(0) = 0.5 in every unit": XOR_UNITS.replace(", 0.0)", ", 0.5)"),
        "wrong: np.sign gives -1 where the output is 0": _mistake(
            XOR,
            "(hidden @ np.array([1.0, 1.0]) - 1.5 > 0).astype(float)",
            "np.sign(hidden @ np.array([1.0, 1.0]) - 1.5)",
        ),
        "correct: matrices in the row convention": XOR,
        "correct: one line per unit with np.heaviside": XOR_UNITS,
        "correct: the band 0.5 < x1 + x2 < 1.5": XOR_BAND,
        "correct: a loop over rows": XOR_LOOP,
    },
    "train_perceptron": {
        "wrong: epochs counted from 0": _mistake(
            TRAIN, "range(1, max_epochs + 1)", "range(max_epochs)"
        ),
        "wrong: one epoch fewer than max_epochs": _mistake(
            TRAIN, "range(1, max_epochs + 1)", "range(1, max_epochs)"
        ),
        "wrong: >= predicts 1 at w.x = 0": _mistake(TRAIN, "w @ X1[i] > 0", "w @ X1[i] >= 0"),
        "wrong: no bias column": _mistake(
            TRAIN, "np.hstack([X, np.ones((len(X), 1))])", "np.asarray(X, dtype=float)"
        ),
        "wrong: bias column first": _mistake(
            TRAIN, "np.hstack([X, np.ones((len(X), 1))])", "np.hstack([np.ones((len(X), 1)), X])"
        ),
        "wrong: converged = True at the cap": _mistake(
            TRAIN, "return w, False, max_epochs", "return w, True, max_epochs"
        ),
        "wrong: stops when w is right after an epoch with updates": _mistake(
            TRAIN, "if mistakes == 0:", "if np.all(np.where(X1 @ w > 0, 1.0, 0.0) == y):"
        ),
        "wrong: shuffles the rows": _mistake(
            TRAIN,
            "for i in range(len(X1)):",
            "for i in np.random.default_rng(0).permutation(len(X1)):",
        ),
        "wrong: batch updates instead of online": TRAIN_BATCH,
        "correct: a loop over row indices": TRAIN,
        "correct: a separate bias, appended at the end": TRAIN_SEPARATE_BIAS,
        "correct: a while loop and np.heaviside": TRAIN_WHILE,
        "correct: the prediction from course_lib's step (not this exercise's reference)": (
            TRAIN_WITH_LIBRARY_STEP
        ),
    },
    "train_perceptron_batch": {
        "wrong: online updates instead of one batch step per epoch": TRAIN.replace(
            "def train_perceptron(", "def train_perceptron_batch("
        ),
        "wrong: sign flipped (y_hat - y)": _mistake(
            BATCH, "errors = y - (X1 @ w > 0)", "errors = (X1 @ w > 0) - y"
        ),
        "wrong: >= predicts 1 at X @ w = 0": _mistake(BATCH, "X1 @ w > 0", "X1 @ w >= 0"),
        "wrong: divides the step by N": _mistake(BATCH, "X1.T @ errors", "X1.T @ errors / len(X1)"),
        "wrong: the clean epoch not counted": _mistake(
            BATCH, "return w, True, epoch", "return w, True, epoch - 1"
        ),
        "wrong: stops on the new weights, without running the clean epoch": (
            BATCH_CHECKS_AFTER_THE_UPDATE
        ),
        "wrong: no bias column": _mistake(
            BATCH, "np.hstack([X, np.ones((len(X), 1))])", "np.asarray(X, dtype=float)"
        ),
        "correct: matrix product with X1.T": BATCH,
        "correct: corrections summed in a loop over rows": BATCH_LOOP,
        "correct: a while loop, the library's step and errors @ X1": BATCH_WHILE,
    },
    "perceptron_settings": {
        "wrong: the last weights after 5 epochs miss the target": _settings(
            '{"epochs": 5, "average": False}'
        ),
        "wrong: the average of one epoch misses the target": _settings(
            '{"epochs": 1, "average": True}'
        ),
        "wrong: more epochs than allowed": _settings('{"epochs": 500, "average": True}'),
        "wrong: epochs as a float": _settings('{"epochs": 30.0, "average": True}'),
        "wrong: average as a string": _settings('{"epochs": 30, "average": "yes"}'),
        "wrong: a key missing": _settings('{"epochs": 30}'),
        "wrong: a list instead of a dict": _settings("[30, True]"),
        "correct: averaged weights after 30 epochs": _settings('{"epochs": 30, "average": True}'),
        "correct: averaged weights after 10 epochs": _settings('{"epochs": 10, "average": True}'),
        "correct: averaged weights after 200 epochs, numpy types": _settings(
            '{"epochs": np.int64(200), "average": np.True_}'
        ),
    },
}


# --- answers through a reference (tests/test_own_work_routes.py) ------------------------

BORROWED = {
    "gate_weights": (
        "course_lib.linear_models.Perceptron",
        """
def gate_weights(name, n_inputs=2):
    # a perceptron trained on the gate's truth table
    X, y = logic_gate(name, n_inputs)
    unit = REF(max_epochs=1000).fit(X, y)
    return unit.coef_, unit.intercept_
""",
    ),
    "dnf_network": (
        "course_lib.linear_models.Perceptron",
        """
def dnf_network(y):
    # one perceptron per true row, trained to detect that row alone
    y = np.asarray(y, dtype=float)
    X = truth_table(len(y).bit_length() - 1)
    detectors = [
        REF(max_epochs=1000).fit(X, (np.arange(len(y)) == row).astype(float))
        for row in np.flatnonzero(y == 1)
    ]
    W1 = np.array([unit.coef_ for unit in detectors]).reshape(len(detectors), X.shape[1]).T
    b1 = np.array([unit.intercept_ for unit in detectors], dtype=float)
    return W1, b1, np.ones(len(detectors)), -0.5
""",
    ),
    "xor_two_layer": (
        "course_lib.activations.step",
        """
def xor_two_layer(X):
    hidden = REF(X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-0.5, 1.5]))
    return REF(hidden @ np.array([1.0, 1.0]) - 1.5)
""",
    ),
    "train_perceptron": (
        "course_lib.linear_models.Perceptron",
        """
def train_perceptron(X, y, max_epochs):
    model = REF(max_epochs=max_epochs).fit(X, y)
    return model.w_, model.converged_, model.n_iter_
""",
    ),
    "train_perceptron_batch": (
        "course_lib.linear_models.Perceptron",
        """
def train_perceptron_batch(X, y, max_epochs):
    model = REF(mode="batch", max_epochs=max_epochs).fit(X, y)
    return model.w_, model.converged_, model.n_iter_
""",
    ),
}
