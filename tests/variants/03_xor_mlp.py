"""Typical mistakes and alternative correct answers for unit 03, XOR and the MLP.

``BORROWED`` holds, per exercise, an answer that works only through one of the exercise's
references in course_lib (`tests/borrowing.py` turns it into one answer per route).
"""

# --- exercise 1: the forward pass, with a choice of hidden activation -----------------------

_FORWARD_TEMPLATE = """
def forward_two_layer(X, params, hidden="tanh"):
    Z1 = {Z1}
    if hidden == "tanh":
        A1 = {tanh}
    elif hidden == "sigmoid":
        A1 = {sigmoid}
    elif hidden == "relu":
        A1 = {relu}
    elif hidden == "identity":
        A1 = {identity}
    else:
        raise ValueError(hidden)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = {A2}
    return A2, {{"Z1": Z1, "A1": {cached_A1}, "Z2": Z2, "A2": A2}}
"""

_FORWARD_RIGHT = {
    "Z1": 'X @ params["W1"] + params["b1"]',
    "tanh": "np.tanh(Z1)",
    "sigmoid": "0.5 * (1.0 + np.tanh(0.5 * Z1))",
    "relu": "np.maximum(Z1, 0.0)",
    "identity": "Z1",
    "A2": "0.5 * (1.0 + np.tanh(0.5 * Z2))",
    "cached_A1": "A1",
}


def _forward(**changes: str) -> str:
    """The reference forward pass with some of its parts replaced."""
    return _FORWARD_TEMPLATE.format(**{**_FORWARD_RIGHT, **changes})


_FORWARD_TANH_ONLY = """
def forward_two_layer(X, params, hidden="tanh"):
    # ignores hidden: always tanh
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 0.5 * (1.0 + np.tanh(0.5 * Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_LOOP = """
import math


def forward_two_layer(X, params, hidden="tanh"):
    def s(z):
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))

    g = {"tanh": math.tanh, "sigmoid": s, "relu": lambda z: max(z, 0.0), "identity": lambda z: z}[
        hidden
    ]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N, H, K = X.shape[0], W1.shape[1], W2.shape[1]
    Z1, A1, Z2, A2 = np.zeros((N, H)), np.zeros((N, H)), np.zeros((N, K)), np.zeros((N, K))
    for i in range(N):
        for j in range(H):
            Z1[i, j] = b1[j] + sum(X[i, d] * W1[d, j] for d in range(X.shape[1]))
            A1[i, j] = g(Z1[i, j])
        for k in range(K):
            Z2[i, k] = b2[k] + sum(A1[i, j] * W2[j, k] for j in range(H))
            A2[i, k] = s(Z2[i, k])
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_DICT_OF_FUNCTIONS = """
from course_lib.activations import sigmoid


def forward_two_layer(X, params, hidden="tanh"):
    # course_lib's sigmoid is unit 02's reference, not this exercise's; an extra cache entry
    g = {
        "tanh": np.tanh,
        "sigmoid": sigmoid,
        "relu": lambda z: np.maximum(z, 0),
        "identity": lambda z: z,
    }[hidden]
    Z1 = np.dot(X, params["W1"]) + params["b1"]
    A1 = g(Z1)
    Z2 = np.dot(A1, params["W2"]) + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_NAIVE_SIGMOID = """
def forward_two_layer(X, params, hidden="tanh"):
    # 1 / (1 + exp(-z)) overflows with a warning far out, but its value (0) is right
    Z1 = X @ params["W1"] + params["b1"]
    A1 = {
        "tanh": np.tanh,
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "relu": lambda z: np.where(z > 0, z, 0.0),
        "identity": np.copy,
    }[hidden](Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

# --- exercise 2: backpropagation, through each hidden activation --------------------------

_BACKWARD_TEMPLATE = """
def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    Z1, A1 = cache["Z1"], cache["A1"]
    if hidden == "tanh":
        slope = {tanh}
    elif hidden == "sigmoid":
        slope = {sigmoid}
    elif hidden == "relu":
        slope = {relu}
    elif hidden == "identity":
        slope = {identity}
    else:
        {unknown}
    m = X.shape[0]
    dZ2 = {dZ2}
    dW2 = {dW2}
    db2 = {db2}
    dZ1 = {dZ1}
    dW1 = {dW1}
    db1 = {db1}
    return {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}}
"""

_BACKWARD_RIGHT = {
    "tanh": "1.0 - A1**2",
    "sigmoid": "A1 * (1.0 - A1)",
    "relu": "np.where(Z1 > 0, 1.0, 0.0)",
    "identity": "np.ones_like(Z1)",
    "unknown": "raise ValueError(f'hidden is {hidden!r}, not tanh, sigmoid, relu or identity')",
    "dZ2": 'cache["A2"] - Y',
    "dW2": "A1.T @ dZ2 / m",
    "db2": "dZ2.mean(axis=0)",
    "dZ1": '(dZ2 @ params["W2"].T) * slope',
    "dW1": "X.T @ dZ1 / m",
    "db1": "dZ1.mean(axis=0)",
}


def _backward(**changes: str) -> str:
    """The reference backward pass with some of its lines replaced."""
    return _BACKWARD_TEMPLATE.format(**{**_BACKWARD_RIGHT, **changes})


_BACKWARD_TANH_ONLY = """
def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    # the unit's network only: hidden is ignored, the slope is always tanh's
    m = X.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ params["W2"].T) * (1.0 - cache["A1"] ** 2)
    return {
        "dW1": X.T @ dZ1 / m,
        "db1": dZ1.mean(axis=0),
        "dW2": cache["A1"].T @ dZ2 / m,
        "db2": dZ2.mean(axis=0),
    }
"""

_BACKWARD_LOOPS = """
import math


def _slope(hidden, z):
    # each derivative from the pre-activation z, in forms that cannot overflow
    if hidden == "tanh":
        return 1.0 - math.tanh(z) ** 2
    if hidden == "sigmoid":
        e = math.exp(-abs(z))
        return e / (1.0 + e) ** 2
    if hidden == "relu":
        return 1.0 if z > 0 else 0.0
    if hidden == "identity":
        return 1.0
    raise ValueError(f"unknown hidden activation {hidden!r}: use tanh, sigmoid, relu or identity")


def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    _slope(hidden, 0.0)  # an unknown name fails before anything is computed
    N, H = cache["Z1"].shape
    grads = {"d" + key: np.zeros_like(value) for key, value in params.items()}
    for i in range(N):
        dz2 = cache["A2"][i] - Y[i]
        grads["dW2"] += np.outer(cache["A1"][i], dz2) / N
        grads["db2"] += dz2 / N
        slopes = np.array([_slope(hidden, cache["Z1"][i, j]) for j in range(H)])
        dz1 = (params["W2"] @ dz2) * slopes
        grads["dW1"] += np.outer(X[i], dz1) / N
        grads["db1"] += dz1 / N
    return grads
"""

_BACKWARD_TABLE_OF_SLOPES = """
from course_lib.activations import sigmoid


def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    # a table of slopes, the ReLU's as a boolean mask; A2 recomputed with course_lib's sigmoid
    # (unit 02's reference, not this exercise's); the 1/m folded into the deltas once
    A1 = cache["A1"]
    slopes = {
        "tanh": lambda: 1.0 - A1 * A1,
        "sigmoid": lambda: A1 - A1**2,
        "relu": lambda: A1 > 0,
        "identity": lambda: 1.0,
    }
    if hidden not in slopes:
        raise ValueError(f"hidden must be one of {sorted(slopes)}, got {hidden!r}")
    delta2 = (sigmoid(cache["Z2"]) - Y) / len(X)
    delta1 = (delta2 @ params["W2"].T) * slopes[hidden]()
    return {
        "dW1": X.T @ delta1,
        "db1": delta1.sum(axis=0),
        "dW2": A1.T @ delta2,
        "db2": delta2.sum(axis=0),
    }
"""

_BACKWARD_OWN_FORWARD = """
def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    # the cache recomputed with the student's own forward_two_layer; slopes from Z1
    if hidden not in ("tanh", "sigmoid", "relu", "identity"):
        raise ValueError(f"hidden={hidden!r}; allowed: tanh, sigmoid, relu, identity")
    A2, fresh = forward_two_layer(X, params, hidden=hidden)
    Z1, A1 = fresh["Z1"], fresh["A1"]
    if hidden == "tanh":
        slope = 1.0 - np.tanh(Z1) ** 2
    elif hidden == "sigmoid":
        slope = 0.25 * (1.0 - np.tanh(0.5 * Z1) ** 2)  # s(a) (1 - s(a)) = (1 - tanh(a/2)^2) / 4
    elif hidden == "relu":
        slope = np.heaviside(Z1, 0.0)
    else:
        slope = np.ones_like(Z1)
    dZ2 = (A2 - Y) / X.shape[0]
    dZ1 = np.dot(dZ2, params["W2"].T) * slope
    return {
        "dW2": np.dot(A1.T, dZ2),
        "db2": np.sum(dZ2, axis=0),
        "dW1": np.dot(X.T, dZ1),
        "db1": np.sum(dZ1, axis=0),
    }
"""

_BACKWARD_LIBRARY_TANH_DERIVATIVE = """
from course_lib.activations import tanh_derivative


def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    # tanh' from course_lib: one of this exercise's references since it took in the derivatives
    m = X.shape[0]
    slopes = {
        "tanh": tanh_derivative(cache["Z1"]),
        "sigmoid": cache["A1"] * (1.0 - cache["A1"]),
        "relu": np.where(cache["Z1"] > 0, 1.0, 0.0),
        "identity": np.ones_like(cache["Z1"]),
    }
    if hidden not in slopes:
        raise ValueError(f"hidden must be one of {sorted(slopes)}")
    slope = slopes[hidden]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ params["W2"].T) * slope
    return {
        "dW1": X.T @ dZ1 / m,
        "db1": dZ1.mean(axis=0),
        "dW2": cache["A1"].T @ dZ2 / m,
        "db2": dZ2.mean(axis=0),
    }
"""

# --- exercise 3: gradient descent on XOR, from given weights ------------------------------

_TRAIN_TEMPLATE = """
def train_xor(params, *, epochs, lr):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array({targets})
    {start}
    losses = []
    for t in range({steps}):
        A1 = np.tanh(X @ params["W1"] + params["b1"])
        Z2 = A1 @ params["W2"] + params["b2"]
        A2 = 1.0 / (1.0 + np.exp(-Z2))
        {record_before}
        dZ2 = A2 - Y
        dZ1 = (dZ2 @ params["W2"].T) * (1.0 - A1**2)
        grads = {{
            "W1": X.T @ dZ1 / {m},
            "b1": dZ1.mean(axis=0),
            "W2": A1.T @ dZ2 / {m},
            "b2": dZ2.mean(axis=0),
        }}
        for key in {updated}:
            params[key] = params[key] {sign} lr * grads[key]
        {record_after}
    return params, np.array(losses)
"""

_RECORD = "losses.append(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))"
_RECORD_AFTER = (
    """A1 = np.tanh(X @ params["W1"] + params["b1"])
        A2 = 1.0 / (1.0 + np.exp(-(A1 @ params["W2"] + params["b2"])))
        """
    + _RECORD
)

_TRAIN_RIGHT = {
    "targets": "[[0.0], [1.0], [1.0], [0.0]]",
    "start": "params = dict(params)",
    "steps": "epochs",
    "record_before": _RECORD,
    "record_after": "",
    "m": "4",
    "updated": '("W1", "b1", "W2", "b2")',
    "sign": "-",
}


def _train(**changes: str) -> str:
    """The straightforward training loop with some of its parts replaced."""
    return _TRAIN_TEMPLATE.format(**{**_TRAIN_RIGHT, **changes})


# It draws its own LeCun start, as the old exercise asked, and ignores the weights given.
_OWN_START = """H = params["W1"].shape[1]
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((2, H)) / np.sqrt(2), "b1": np.zeros(H),
              "W2": rng.standard_normal((H, 1)) / np.sqrt(H), "b2": np.zeros(1)}"""

# It keeps the given weights but starts the biases at zero.
_ZERO_BIASES = """params = dict(params)
    params["b1"], params["b2"] = np.zeros_like(params["b1"]), np.zeros_like(params["b2"])"""

# Exercise 1 and exercise 2 called as they are: the student's own functions.
_TRAIN_WITH_OWN_FUNCTIONS = """
def train_xor(params, *, epochs, lr):
    X, y = logic_gate("XOR")
    Y = y[:, None]
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        A2, cache = forward_two_layer(X, params)
        Z2 = cache["Z2"]
        losses[epoch] = np.mean(np.logaddexp(0, Z2) - Y * Z2)
        grads = backward_two_layer(X, Y, params, cache)
        params = {key: value - lr * grads["d" + key] for key, value in params.items()}
    return params, losses
"""

_TRAIN_IN_PLACE = """
def train_xor(params, *, epochs, lr):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    W1, b1, W2, b2 = (params[key] for key in ("W1", "b1", "W2", "b2"))
    losses = np.zeros(epochs)
    for t in range(epochs):
        A1 = np.tanh(X @ W1 + b1)
        A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))
        losses[t] = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
        delta2 = (A2 - Y) / 4  # the 1/m folded in once
        delta1 = (delta2 @ W2.T) * (1 - A1**2)
        W2 -= lr * A1.T @ delta2
        b2 -= lr * delta2.sum(axis=0)
        W1 -= lr * X.T @ delta1
        b1 -= lr * delta1.sum(axis=0)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses
"""

_TRAIN_LIBRARY_LOSS = """
from course_lib.losses import BinaryCrossEntropy


def train_xor(params, *, epochs, lr):
    # the loss and its gradient dL/dZ2 from course_lib's BinaryCrossEntropy, the reference
    # of unit 02's exercises (not of this one); the loop and the backward pass are written out
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    loss = BinaryCrossEntropy()
    losses = []
    for _ in range(epochs):
        A1 = np.tanh(X @ params["W1"] + params["b1"])
        losses.append(loss.forward(A1 @ params["W2"] + params["b2"], Y))
        dZ2 = loss.backward()
        dZ1 = (dZ2 @ params["W2"].T) * (1.0 - A1**2)
        grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}
        params = {key: value - lr * grads[key] for key, value in params.items()}
    return params, np.array(losses)
"""

# --- exercise 4: the settings of the experiment --------------------------------------------


def _settings(
    H: object = 3, init_scale: object = 0.3, lr: object = 2.0, epochs: object = 1000
) -> str:
    """An answer returning the given settings (their reprs, so types survive)."""
    return (
        "def xor_settings():\n"
        f"    return {{'H': {H!r}, 'init_scale': {init_scale!r},\n"
        f"            'lr': {lr!r}, 'epochs': {epochs!r}}}\n"
    )


VARIANTS = {
    "forward_two_layer": {
        "wrong: the hidden bias b1 left out": _forward(Z1='X @ params["W1"]'),
        "wrong: the argument hidden ignored, always tanh": _FORWARD_TANH_ONLY,
        "wrong: tanh used for hidden='sigmoid'": _forward(sigmoid="np.tanh(Z1)"),
        "wrong: no sigmoid on the output": _forward(A2="Z2"),
        "wrong: the cache stores Z1 as A1": _forward(cached_A1="Z1"),
        "wrong: the lectures' column form, W1 transposed": _forward(
            Z1='X @ params["W1"].T + params["b1"]'
        ),
        "wrong: the sigmoid as e / (1 + e) gives NaN far out": _forward(
            sigmoid="np.exp(Z1) / (1.0 + np.exp(Z1))"
        ),
        "wrong: tanh from exponentials gives NaN when saturated": _forward(
            tanh="(np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))"
        ),
        "wrong: hidden='relu' passes Z1 through unclipped": _forward(relu="Z1"),
        "wrong: np.max(Z1, 0) for the ReLU, a maximum over the rows": _forward(
            relu="np.max(Z1, 0)"
        ),
        "correct: loops over samples and units": _FORWARD_LOOP,
        "correct: a dict of functions, np.dot, an extra cache entry": _FORWARD_DICT_OF_FUNCTIONS,
        "correct: naive sigmoid 1 / (1 + exp(-z)) (overflow warning only)": _FORWARD_NAIVE_SIGMOID,
    },
    "backward_two_layer": {
        "wrong: the sign of dZ2 flipped (Y - A2)": _backward(dZ2='Y - cache["A2"]'),
        "wrong: no 1/m in dW2 and dW1": _backward(dW2="A1.T @ dZ2", dW1="X.T @ dZ1"),
        "wrong: the 1/m applied twice": _backward(dZ2='(cache["A2"] - Y) / m'),
        "wrong: db2 and db1 summed instead of averaged": _backward(
            db2="dZ2.sum(axis=0)", db1="dZ1.sum(axis=0)"
        ),
        "wrong: dW2 from the pre-activation Z1": _backward(dW2="Z1.T @ dZ2 / m"),
        "wrong: db1 averaged over the wrong axis": _backward(db1="dZ1.mean(axis=1)"),
        "wrong: dW1 transposed": _backward(dW1="(X.T @ dZ1 / m).T"),
        "wrong: the activation's derivative left out of dZ1": _backward(dZ1='dZ2 @ params["W2"].T'),
        "wrong: the argument hidden ignored, always tanh's slope": _BACKWARD_TANH_ONLY,
        "wrong: tanh' as 1 - Z1^2, of the pre-activation instead of A1": _backward(
            tanh="1.0 - Z1**2"
        ),
        "wrong: the sigmoid's slope A1 (1 - A1) in the tanh layer": _backward(
            tanh="A1 * (1.0 - A1)"
        ),
        "wrong: tanh's slope 1 - A1^2 in the sigmoid layer": _backward(sigmoid="1.0 - A1**2"),
        "wrong: the sigmoid's slope taken as A1 itself": _backward(sigmoid="A1"),
        "wrong: sigmoid' from Z1 as e / (1 + e)^2 with e = exp(-Z1), NaN far out": _backward(
            sigmoid="np.exp(-Z1) / (1.0 + np.exp(-Z1)) ** 2"
        ),
        "wrong: sigmoid' from Z1 with 1 / (1 + exp(-Z1)), an overflow warning far out": _backward(
            sigmoid="(1.0 / (1.0 + np.exp(-Z1))) * (1.0 - 1.0 / (1.0 + np.exp(-Z1)))"
        ),
        "wrong: relu' is 1 at the kink (Z1 >= 0)": _backward(relu="np.where(Z1 >= 0, 1.0, 0.0)"),
        "wrong: relu' as A1 >= 0, which is 1 everywhere": _backward(
            relu="np.where(A1 >= 0, 1.0, 0.0)"
        ),
        "wrong: relu' taken as A1 itself": _backward(relu="A1"),
        "wrong: the identity's slope 0": _backward(identity="np.zeros_like(Z1)"),
        "wrong: the identity's slope taken as A1 = Z1": _backward(identity="Z1"),
        "wrong: an unknown hidden treated as the identity, no ValueError": _backward(
            unknown="slope = np.ones_like(Z1)"
        ),
        "wrong: course_lib.activations.tanh_derivative, now this exercise's reference": (
            _BACKWARD_LIBRARY_TANH_DERIVATIVE
        ),
        "correct: a loop over samples, each slope from Z1 with the math module": _BACKWARD_LOOPS,
        "correct: a table of slopes, a boolean ReLU mask, the 1/m in the deltas": (
            _BACKWARD_TABLE_OF_SLOPES
        ),
        "correct: the cache recomputed by the student's forward_two_layer, slopes from Z1": (
            _BACKWARD_OWN_FORWARD
        ),
    },
    "train_xor": {
        "wrong: gradient ascent (+ instead of -)": _train(sign="+"),
        "wrong: the biases never updated": _train(updated='("W1", "W2")'),
        "wrong: one step too many": _train(steps="epochs + 1"),
        "wrong: the loss recorded after each update": _train(
            record_before="", record_after=_RECORD_AFTER
        ),
        "wrong: its own LeCun start instead of the given weights": _train(start=_OWN_START),
        "wrong: the given biases replaced by zeros": _train(start=_ZERO_BIASES),
        "wrong: no 1/m in the weight gradients": _train(m="1"),
        "wrong: targets of shape (4,), so A2 - Y broadcasts to (4, 4)": _train(
            targets="[0.0, 1.0, 1.0, 0.0]"
        ),
        "correct: the straightforward loop": _train(),
        "correct: calls the student's forward_two_layer and backward_two_layer": (
            _TRAIN_WITH_OWN_FUNCTIONS
        ),
        "correct: in-place updates of the given arrays, 1/m folded into the deltas": (
            _TRAIN_IN_PLACE
        ),
        "correct: course_lib's BinaryCrossEntropy, unit 02's reference": _TRAIN_LIBRARY_LOSS,
    },
    "xor_settings": {
        "wrong: LeCun's start at H = 3 misses the target": _settings(init_scale=1.0, lr=1.0),
        "wrong: H = 2 misses the target whatever the scale": _settings(H=2),
        "wrong: a scale too small to leave the plateau": _settings(init_scale=0.01),
        "wrong: a scale too large, saturated from the start": _settings(init_scale=10.0),
        "wrong: epochs out of range": _settings(epochs=5000),
        "wrong: H out of range": _settings(H=8),
        "wrong: epochs as a float": _settings(epochs=1000.0),
        "wrong: a key missing": _settings().replace(", 'epochs': 1000", ""),
        "correct: scale 0.3, learning rate 2, 1000 epochs": _settings(),
        "correct: scale 0.2, learning rate 2, numpy numbers": """
def xor_settings():
    return {"H": np.int64(3), "init_scale": np.float64(0.2), "lr": 2, "epochs": 1000}
""",
    },
}

# --- answers through the references -----------------------------------------------------

# A dense layer of course_lib holding given weights, built through the constructor.
_DENSE = """
def _dense(W, b):
    layer = REF(W.shape[0], W.shape[1], rng=0)
    layer.params["W"][...] = W
    layer.params["b"][...] = b
    return layer
"""

BORROWED = {
    "forward_two_layer": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def forward_two_layer(X, params, hidden="tanh"):
    Z1 = _dense(params["W1"], params["b1"]).forward(X)
    A1 = {
        "tanh": np.tanh,
        "sigmoid": reference_sigmoid,
        "relu": lambda z: np.maximum(z, 0.0),
        "identity": np.copy,
    }[hidden](Z1)
    Z2 = _dense(params["W2"], params["b2"]).forward(A1)
    A2 = reference_sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
    ),
    "backward_two_layer": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def backward_two_layer(X, Y, params, cache, hidden="tanh"):
    Z1, A1 = cache["Z1"], cache["A1"]
    slopes = {"tanh": 1.0 - A1**2, "sigmoid": A1 * (1.0 - A1), "relu": (Z1 > 0) * 1.0,
              "identity": np.ones_like(Z1)}
    if hidden not in slopes:
        raise ValueError(hidden)
    first, second = _dense(params["W1"], params["b1"]), _dense(params["W2"], params["b2"])
    first.forward(X)
    second.forward(A1)
    dA1 = second.backward((cache["A2"] - Y) / X.shape[0])
    first.backward(dA1 * slopes[hidden])
    return {
        "dW1": first.grads["W"].copy(),
        "db1": first.grads["b"].copy(),
        "dW2": second.grads["W"].copy(),
        "db2": second.grads["b"].copy(),
    }
""",
    ),
    "train_xor": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def train_xor(params, *, epochs, lr):
    X, y = logic_gate("XOR")
    Y = y[:, None]
    first, second = _dense(params["W1"], params["b1"]), _dense(params["W2"], params["b2"])
    losses = []
    for _ in range(epochs):
        A1 = np.tanh(first.forward(X))
        Z2 = second.forward(A1)
        losses.append(np.mean(np.logaddexp(0, Z2) - Y * Z2))
        dA1 = second.backward((reference_sigmoid(Z2) - Y) / len(X))
        first.backward(dA1 * (1 - A1**2))
        for layer in (first, second):
            for key in ("W", "b"):
                layer.params[key] -= lr * layer.grads[key]
    trained = {"W1": first.params["W"], "b1": first.params["b"],
               "W2": second.params["W"], "b2": second.params["b"]}
    return {key: value.copy() for key, value in trained.items()}, np.array(losses)
""",
    ),
}
