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

    g = {"tanh": math.tanh, "sigmoid": s, "identity": lambda z: z}[hidden]
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
    g = {"tanh": np.tanh, "sigmoid": sigmoid, "identity": lambda z: z}[hidden]
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
    A1 = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "identity": np.copy}[
        hidden
    ](Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

# --- exercise 2: derivatives of activations -----------------------------------------------

_DERIVATIVES_RIGHT_TANH = """
def tanh_prime(a):
    return 1.0 - np.tanh(a) ** 2
"""

_DERIVATIVES_RIGHT_RELU = """
def relu_prime(a):
    return (a > 0).astype(float)
"""

_DERIVATIVES_RIGHT_SIGMOID = """
def sigmoid_prime(a):
    s = 0.5 * (1.0 + np.tanh(0.5 * a))
    return s * (1.0 - s)
"""

_TANH_OF_INPUT = """
def tanh_prime(a):
    return 1.0 - a**2
"""

_TANH_SIGN = """
def tanh_prime(a):
    return np.tanh(a) ** 2 - 1.0
"""

_RELU_GREATER_EQUAL = """
def relu_prime(a):
    return (a >= 0).astype(float)
"""

_RELU_BOOLEAN = """
def relu_prime(a):
    return a > 0
"""

_SIGMOID_OF_INPUT = """
def sigmoid_prime(a):
    return a * (1.0 - a)
"""

_SIGMOID_UNSTABLE = """
def sigmoid_prime(a):
    e = np.exp(-a)
    return e / (1.0 + e) ** 2
"""

_SIGMOID_NO_DERIVATIVE = """
def sigmoid_prime(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))
"""

_DERIVATIVES_LOOPS = """
import math


def _entrywise(function, a):
    a = np.asarray(a, dtype=float)
    return np.array([function(value) for value in a.ravel()]).reshape(a.shape)


def _sigmoid_prime_of(value):
    e = math.exp(-abs(value))
    return e / (1.0 + e) ** 2


def tanh_prime(a):
    return _entrywise(lambda value: 1.0 - math.tanh(value) ** 2, a)


def relu_prime(a):
    return _entrywise(lambda value: 1.0 if value > 0 else 0.0, a)


def sigmoid_prime(a):
    return _entrywise(_sigmoid_prime_of, a)
"""

_DERIVATIVES_OTHER_FORMULAS = """
def tanh_prime(a):
    return 1.0 / np.cosh(a) ** 2  # cosh overflows to inf for huge |a|, giving the right 0


def relu_prime(a):
    return np.heaviside(a, 0.0)


def sigmoid_prime(a):
    t = np.tanh(0.5 * a)
    return 0.25 * (1.0 - t * t)
"""

# --- exercise 3: backpropagation ----------------------------------------------------------

_BACKWARD_TEMPLATE = """
def backward_two_layer(X, Y, params, cache):
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
    "dZ2": 'cache["A2"] - Y',
    "dW2": 'cache["A1"].T @ dZ2 / m',
    "db2": "dZ2.mean(axis=0)",
    "dZ1": '(dZ2 @ params["W2"].T) * (1.0 - cache["A1"] ** 2)',
    "dW1": "X.T @ dZ1 / m",
    "db1": "dZ1.mean(axis=0)",
}


def _backward(**changes: str) -> str:
    """The reference backward pass with some of its lines replaced."""
    return _BACKWARD_TEMPLATE.format(**{**_BACKWARD_RIGHT, **changes})


_BACKWARD_LOOPS = """
def backward_two_layer(X, Y, params, cache):
    N = X.shape[0]
    grads = {"d" + key: np.zeros_like(value) for key, value in params.items()}
    for i in range(N):
        dz2 = cache["A2"][i] - Y[i]
        grads["dW2"] += np.outer(cache["A1"][i], dz2) / N
        grads["db2"] += dz2 / N
        dz1 = (params["W2"] @ dz2) * (1.0 - np.tanh(cache["Z1"][i]) ** 2)
        grads["dW1"] += np.outer(X[i], dz1) / N
        grads["db1"] += dz1 / N
    return grads
"""

_BACKWARD_RECOMPUTED = """
def backward_two_layer(X, Y, params, cache):
    A2 = 1.0 / (1.0 + np.exp(-cache["Z2"]))  # recomputed from the logits
    delta2 = (A2 - Y) / len(X)  # the 1/m once, here
    delta1 = (delta2 @ params["W2"].T) / np.cosh(cache["Z1"]) ** 2
    return {
        "dW1": X.T @ delta1,
        "db1": delta1.sum(axis=0),
        "dW2": cache["A1"].T @ delta2,
        "db2": delta2.sum(axis=0),
    }
"""

_BACKWARD_LIBRARY_TANH_DERIVATIVE = """
from course_lib.activations import tanh_derivative


def backward_two_layer(X, Y, params, cache):
    # tanh' from course_lib, the reference of exercise 3 (not of this one)
    m = X.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ params["W2"].T) * tanh_derivative(cache["Z1"])
    return {
        "dW1": X.T @ dZ1 / m,
        "db1": dZ1.mean(axis=0),
        "dW2": cache["A1"].T @ dZ2 / m,
        "db2": dZ2.mean(axis=0),
    }
"""

# --- exercise 4: gradient descent on XOR, from given weights ------------------------------

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

# Exercise 1 and exercise 3 called as they are: the student's own functions.
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

# --- exercise 5: the settings of the experiment --------------------------------------------


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
        "correct: loops over samples and units": _FORWARD_LOOP,
        "correct: a dict of functions, np.dot, an extra cache entry": _FORWARD_DICT_OF_FUNCTIONS,
        "correct: naive sigmoid 1 / (1 + exp(-z)) (overflow warning only)": _FORWARD_NAIVE_SIGMOID,
    },
    "activation_derivatives": {
        "wrong: tanh_prime = 1 - a^2, the input not passed through tanh": _TANH_OF_INPUT
        + _DERIVATIVES_RIGHT_RELU
        + _DERIVATIVES_RIGHT_SIGMOID,
        "wrong: tanh_prime with the sign flipped": _TANH_SIGN
        + _DERIVATIVES_RIGHT_RELU
        + _DERIVATIVES_RIGHT_SIGMOID,
        "wrong: relu_prime is 1 at the kink (>= instead of >)": _DERIVATIVES_RIGHT_TANH
        + _RELU_GREATER_EQUAL
        + _DERIVATIVES_RIGHT_SIGMOID,
        "wrong: relu_prime returns booleans": _DERIVATIVES_RIGHT_TANH
        + _RELU_BOOLEAN
        + _DERIVATIVES_RIGHT_SIGMOID,
        "wrong: sigmoid_prime = a (1 - a), the input not passed through s": (
            _DERIVATIVES_RIGHT_TANH + _DERIVATIVES_RIGHT_RELU + _SIGMOID_OF_INPUT
        ),
        "wrong: sigmoid_prime from exp(-a) gives NaN for large negative a": (
            _DERIVATIVES_RIGHT_TANH + _DERIVATIVES_RIGHT_RELU + _SIGMOID_UNSTABLE
        ),
        "wrong: sigmoid_prime returns the sigmoid itself": _DERIVATIVES_RIGHT_TANH
        + _DERIVATIVES_RIGHT_RELU
        + _SIGMOID_NO_DERIVATIVE,
        "correct: scalar loops with the math module": _DERIVATIVES_LOOPS,
        "correct: 1/cosh^2, np.heaviside and (1 - tanh(a/2)^2) / 4": _DERIVATIVES_OTHER_FORMULAS,
    },
    "backward_two_layer": {
        "wrong: the sign of dZ2 flipped (Y - A2)": _backward(dZ2='Y - cache["A2"]'),
        "wrong: no 1/m in dW2 and dW1": _backward(dW2='cache["A1"].T @ dZ2', dW1="X.T @ dZ1"),
        "wrong: the 1/m applied twice": _backward(dZ2='(cache["A2"] - Y) / m'),
        "wrong: db2 and db1 summed instead of averaged": _backward(
            db2="dZ2.sum(axis=0)", db1="dZ1.sum(axis=0)"
        ),
        "wrong: tanh' taken of the pre-activation (1 - Z1^2)": _backward(
            dZ1='(dZ2 @ params["W2"].T) * (1.0 - cache["Z1"] ** 2)'
        ),
        "wrong: the sigmoid's derivative A1 (1 - A1) in the tanh layer": _backward(
            dZ1='(dZ2 @ params["W2"].T) * cache["A1"] * (1.0 - cache["A1"])'
        ),
        "wrong: the activation's derivative left out of dZ1": _backward(dZ1='dZ2 @ params["W2"].T'),
        "wrong: dW2 from the pre-activation Z1": _backward(dW2='cache["Z1"].T @ dZ2 / m'),
        "wrong: db1 averaged over the wrong axis": _backward(db1="dZ1.mean(axis=1)"),
        "wrong: dW1 transposed": _backward(dW1="(X.T @ dZ1 / m).T"),
        "correct: a loop over samples, tanh' from Z1": _BACKWARD_LOOPS,
        "correct: 1/m folded into the deltas once, A2 recomputed": _BACKWARD_RECOMPUTED,
        "correct: course_lib.activations.tanh_derivative, exercise 3's reference": (
            _BACKWARD_LIBRARY_TANH_DERIVATIVE
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
    A1 = {"tanh": np.tanh, "sigmoid": reference_sigmoid, "identity": np.copy}[hidden](Z1)
    Z2 = _dense(params["W2"], params["b2"]).forward(A1)
    A2 = reference_sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
    ),
    "activation_derivatives": (
        "course_lib.activations.tanh_derivative",
        "def tanh_prime(a):\n    return REF(a)\n"
        + _DERIVATIVES_RIGHT_RELU
        + _DERIVATIVES_RIGHT_SIGMOID,
    ),
    "backward_two_layer": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def backward_two_layer(X, Y, params, cache):
    first, second = _dense(params["W1"], params["b1"]), _dense(params["W2"], params["b2"])
    first.forward(X)
    second.forward(cache["A1"])
    dA1 = second.backward((cache["A2"] - Y) / X.shape[0])
    first.backward(dA1 * (1.0 - cache["A1"] ** 2))
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
