"""Typical mistakes and alternative correct answers for unit 03, XOR and the MLP.

``BORROWED`` holds, per exercise, an answer that works only through one of the exercise's
references in course_lib (`tests/borrowing.py` turns it into one answer per route).
"""

# --- exercise 1: the fixed features phi(x) ------------------------------------------------

_BASIS_WRONG_COLUMNS = """
def basis_features(X):
    total = X[:, 0] + X[:, 1]
    a = np.column_stack([5.0 - total, 5.0 + total])
    return 0.5 * (1.0 + np.tanh(0.5 * a))
"""

_BASIS_WRONG_SIGN = """
def basis_features(X):
    difference = X[:, 0] - X[:, 1]
    a = np.column_stack([5.0 + difference, 5.0 - difference])
    return 0.5 * (1.0 + np.tanh(0.5 * a))
"""

_BASIS_NO_OFFSET = """
def basis_features(X):
    total = X[:, 0] + X[:, 1]
    a = np.column_stack([total, -total])
    return 0.5 * (1.0 + np.tanh(0.5 * a))
"""

_BASIS_TANH = """
def basis_features(X):
    total = X[:, 0] + X[:, 1]
    return np.tanh(np.column_stack([5.0 + total, 5.0 - total]))
"""

_BASIS_TRANSPOSED = """
def basis_features(X):
    total = X[:, 0] + X[:, 1]
    a = np.array([5.0 + total, 5.0 - total])
    return 1.0 / (1.0 + np.exp(-a))
"""

_BASIS_UNSTABLE = """
def basis_features(X):
    total = X[:, 0] + X[:, 1]
    e = np.exp(np.column_stack([5.0 + total, 5.0 - total]))
    return e / (1.0 + e)
"""

_BASIS_LOOP = """
import math


def basis_features(X):
    def s(a):
        if a >= 0:
            return 1.0 / (1.0 + math.exp(-a))
        e = math.exp(a)
        return e / (1.0 + e)

    rows = []
    for x1, x2 in X:
        rows.append([s(5.0 + x1 + x2), s(5.0 - x1 - x2)])
    return np.array(rows)
"""

_BASIS_NAIVE_SIGMOID = """
def basis_features(X):
    # overflows (with a warning) for very negative inputs, but the value, 0, is right
    a = X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + 5.0
    return 1.0 / (1.0 + np.exp(-a))
"""

_BASIS_LOGADDEXP = """
def basis_features(X):
    total = X.sum(axis=1, keepdims=True)
    a = np.hstack([5.0 + total, 5.0 - total])
    return np.exp(-np.logaddexp(0.0, -a))
"""

_BASIS_LIBRARY_SIGMOID = """
from course_lib.activations import sigmoid


def basis_features(X):
    # the sigmoid of course_lib, the reference of unit 02's exercise (not of this one)
    total = X[:, 0] + X[:, 1]
    return sigmoid(np.column_stack([5.0 + total, 5.0 - total]))
"""

# --- exercise 2: the forward pass -----------------------------------------------------------

_FORWARD_NO_B1 = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 0.5 * (1.0 + np.tanh(0.5 * Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_SIGMOID_HIDDEN = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = 0.5 * (1.0 + np.tanh(0.5 * Z1))
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 0.5 * (1.0 + np.tanh(0.5 * Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_NO_OUTPUT_SIGMOID = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    return Z2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": Z2}
"""

_FORWARD_CACHE_PREACTIVATION = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 0.5 * (1.0 + np.tanh(0.5 * Z2))
    return A2, {"Z1": Z1, "A1": Z1, "Z2": Z2, "A2": A2}
"""

_FORWARD_COLUMN_FORM = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"].T + params["b2"]
    A2 = 0.5 * (1.0 + np.tanh(0.5 * Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_UNSTABLE_TANH = """
def forward_two_layer(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = (np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_LOOP = """
import math


def forward_two_layer(X, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N, H, K = X.shape[0], W1.shape[1], W2.shape[1]
    Z1, A1, Z2, A2 = np.zeros((N, H)), np.zeros((N, H)), np.zeros((N, K)), np.zeros((N, K))
    for i in range(N):
        for j in range(H):
            Z1[i, j] = b1[j] + sum(X[i, d] * W1[d, j] for d in range(X.shape[1]))
            A1[i, j] = math.tanh(Z1[i, j])
        for k in range(K):
            Z2[i, k] = b2[k] + sum(A1[i, j] * W2[j, k] for j in range(H))
            z = Z2[i, k]
            A2[i, k] = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
"""

_FORWARD_EXTRA_CACHE = """
def forward_two_layer(X, params):
    Z1 = np.dot(X, params["W1"]) + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(A1, params["W2"]) + params["b2"]
    A2 = 1.0 / (1.0 + np.exp(-Z2))  # may warn about overflow; the value is right
    cache = {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
"""

# --- exercise 3: derivatives of activations -----------------------------------------------

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

# --- exercise 4: two linear layers as one ------------------------------------------------

_COLLAPSE_ADDED_BIASES = """
def collapse_linear_layers(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2
"""

_COLLAPSE_NO_B2 = """
def collapse_linear_layers(W1, b1, W2, b2):
    return W1 @ W2, b1 @ W2
"""

_COLLAPSE_ONLY_B2 = """
def collapse_linear_layers(W1, b1, W2, b2):
    return W1 @ W2, b2
"""

_COLLAPSE_WRONG_ORDER = """
def collapse_linear_layers(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1 + b2
"""

_COLLAPSE_COLUMN_FORM = """
def collapse_linear_layers(W1, b1, W2, b2):
    return W2.T @ W1.T, W2.T @ b1 + b2
"""

_COLLAPSE_PROBING = """
def collapse_linear_layers(W1, b1, W2, b2):
    def two_layers(X):
        return (X @ W1 + b1) @ W2 + b2

    D = W1.shape[0]
    b = two_layers(np.zeros((1, D)))[0]
    W = two_layers(np.eye(D)) - b
    return W, b
"""

_COLLAPSE_LOOPS = """
def collapse_linear_layers(W1, b1, W2, b2):
    D, H = W1.shape
    K = W2.shape[1]
    W = np.zeros((D, K))
    b = np.array(b2, dtype=float)
    for h in range(H):
        for k in range(K):
            b[k] += b1[h] * W2[h, k]
            for d in range(D):
                W[d, k] += W1[d, h] * W2[h, k]
    return W, b
"""

_COLLAPSE_EINSUM = """
def collapse_linear_layers(W1, b1, W2, b2):
    return np.einsum("dh,hk->dk", W1, W2), np.einsum("h,hk->k", b1, W2) + b2
"""

# --- exercise 5: backpropagation ----------------------------------------------------------

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

# --- exercise 6: gradient descent on XOR --------------------------------------------------

_TRAIN_TEMPLATE = """
def train_xor(H, *, seed, epochs, lr):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array({targets})
    rng = np.random.default_rng(seed)
    {init}
    params = {{"W1": W1, "b1": np.zeros(H), "W2": W2, "b2": np.zeros(1)}}
    losses = []
    for t in range({steps}):
        A1 = np.tanh(X @ params["W1"] + params["b1"])
        Z2 = A1 @ params["W2"] + params["b2"]
        A2 = 1.0 / (1.0 + np.exp(-Z2))
        {record_before}
        dZ2 = A2 - Y
        dZ1 = (dZ2 @ params["W2"].T) * (1.0 - A1**2)
        grads = {{
            "W1": X.T @ dZ1 / 4,
            "b1": dZ1.mean(axis=0),
            "W2": A1.T @ dZ2 / 4,
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
    "init": "W1 = rng.standard_normal((2, H)) * np.sqrt(1 / 2)\n"
    "    W2 = rng.standard_normal((H, 1)) * np.sqrt(1 / H)",
    "steps": "epochs",
    "record_before": _RECORD,
    "record_after": "",
    "updated": '("W1", "b1", "W2", "b2")',
    "sign": "-",
}


def _train(**changes: str) -> str:
    """The straightforward training loop with some of its parts replaced."""
    return _TRAIN_TEMPLATE.format(**{**_TRAIN_RIGHT, **changes})


_TRAIN_WITH_HELPERS = """
def train_xor(H, *, seed, epochs, lr):
    def forward(X, params):
        Z1 = X @ params["W1"] + params["b1"]
        A1 = np.tanh(Z1)
        Z2 = A1 @ params["W2"] + params["b2"]
        return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": 0.5 * (1 + np.tanh(0.5 * Z2))}

    def backward(X, Y, params, cache):
        m = len(X)
        dZ2 = cache["A2"] - Y
        dZ1 = (dZ2 @ params["W2"].T) * (1 - cache["A1"] ** 2)
        return {"W1": X.T @ dZ1 / m, "b1": dZ1.sum(0) / m, "W2": cache["A1"].T @ dZ2 / m,
                "b2": dZ2.sum(0) / m}

    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1)
    rng = np.random.default_rng(seed)
    params = {"W1": rng.standard_normal((2, H)) / np.sqrt(2)}
    params["W2"] = rng.standard_normal((H, 1)) / np.sqrt(H)
    params["b1"], params["b2"] = np.zeros(H), np.zeros(1)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        cache = forward(X, params)
        Z2 = cache["Z2"]
        losses[epoch] = np.mean(np.logaddexp(0, Z2) - Y * Z2)
        grads = backward(X, Y, params, cache)
        for key in params:
            params[key] -= lr * grads[key]
    return params, losses
"""

_TRAIN_LIBRARY_LOSS = """
from course_lib.losses import BinaryCrossEntropy


def train_xor(H, *, seed, epochs, lr):
    # the loss and its gradient dL/dZ2 from course_lib's BinaryCrossEntropy, the reference
    # of unit 02's exercises (not of this one); the loop and the backward pass are written out
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((2, H)) * np.sqrt(1 / 2)
    W2 = rng.standard_normal((H, 1)) * np.sqrt(1 / H)
    params = {"W1": W1, "b1": np.zeros(H), "W2": W2, "b2": np.zeros(1)}
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

VARIANTS = {
    "basis_features": {
        "wrong: the two columns swapped": _BASIS_WRONG_COLUMNS,
        "wrong: x1 - x2 instead of x1 + x2": _BASIS_WRONG_SIGN,
        "wrong: the offset 5 left out": _BASIS_NO_OFFSET,
        "wrong: tanh instead of the sigmoid": _BASIS_TANH,
        "wrong: features as rows, shape (2, N)": _BASIS_TRANSPOSED,
        "wrong: e / (1 + e) gives NaN far out": _BASIS_UNSTABLE,
        "correct: a loop over rows with a stable scalar sigmoid": _BASIS_LOOP,
        "correct: naive sigmoid of X @ W + 5 (overflow warning only)": _BASIS_NAIVE_SIGMOID,
        "correct: sigmoid as exp(-logaddexp(0, -a))": _BASIS_LOGADDEXP,
        "correct: course_lib.activations.sigmoid, unit 02's reference": _BASIS_LIBRARY_SIGMOID,
    },
    "forward_two_layer": {
        "wrong: the hidden bias b1 left out": _FORWARD_NO_B1,
        "wrong: sigmoid instead of tanh in the hidden layer": _FORWARD_SIGMOID_HIDDEN,
        "wrong: no sigmoid on the output": _FORWARD_NO_OUTPUT_SIGMOID,
        "wrong: the cache stores Z1 as A1": _FORWARD_CACHE_PREACTIVATION,
        "wrong: the lectures' column form, W transposed": _FORWARD_COLUMN_FORM,
        "wrong: tanh from exponentials gives NaN when saturated": _FORWARD_UNSTABLE_TANH,
        "correct: loops over samples and units": _FORWARD_LOOP,
        "correct: np.dot, naive sigmoid and an extra cache entry": _FORWARD_EXTRA_CACHE,
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
    "collapse_linear_layers": {
        "wrong: the biases simply added": _COLLAPSE_ADDED_BIASES,
        "wrong: b2 forgotten": _COLLAPSE_NO_B2,
        "wrong: b1 forgotten": _COLLAPSE_ONLY_B2,
        "wrong: the product in the wrong order": _COLLAPSE_WRONG_ORDER,
        "wrong: the result in the column form (transposed)": _COLLAPSE_COLUMN_FORM,
        "correct: probing the two layers with zero and unit inputs": _COLLAPSE_PROBING,
        "correct: explicit loops": _COLLAPSE_LOOPS,
        "correct: einsum": _COLLAPSE_EINSUM,
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
        "wrong: W2 drawn before W1": _train(
            init="W2 = rng.standard_normal((H, 1)) * np.sqrt(1 / H)\n"
            "    W1 = rng.standard_normal((2, H)) * np.sqrt(1 / 2)"
        ),
        "wrong: initial weights not scaled by 1/sqrt(fan-in)": _train(
            init="W1 = rng.standard_normal((2, H))\n    W2 = rng.standard_normal((H, 1))"
        ),
        "wrong: targets of shape (4,), so A2 - Y broadcasts to (4, 4)": _train(
            targets="[0.0, 1.0, 1.0, 0.0]"
        ),
        "correct: the straightforward loop": _train(),
        "correct: local forward and backward helpers, data from logic_gate": _TRAIN_WITH_HELPERS,
        "correct: course_lib's BinaryCrossEntropy, unit 02's reference": _TRAIN_LIBRARY_LOSS,
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
    "basis_features": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def basis_features(X):
    layer = _dense(np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([5.0, 5.0]))
    return reference_sigmoid(layer.forward(X))
""",
    ),
    "forward_two_layer": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def forward_two_layer(X, params):
    Z1 = _dense(params["W1"], params["b1"]).forward(X)
    A1 = np.tanh(Z1)
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
    "collapse_linear_layers": (
        "course_lib.layers.Linear",
        _DENSE
        + """

def collapse_linear_layers(W1, b1, W2, b2):
    first, second = _dense(W1, b1), _dense(W2, b2)
    b = second.forward(first.forward(np.zeros((1, W1.shape[0]))))[0]
    W = second.forward(first.forward(np.eye(W1.shape[0]))) - b
    return W, b
""",
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
        "course_lib.mlp.MLPClassifier",
        """
def train_xor(H, *, seed, epochs, lr):
    X, y = logic_gate("XOR")
    model = REF(
        hidden_sizes=(H,),
        activation="tanh",
        lr=lr,
        epochs=epochs,
        batch_size=None,
        random_state=seed,
    ).fit(X, y)
    weights = model.network_.params
    params = {key: weights[name] for key, name in zip(("W1", "b1", "W2", "b2"), weights)}
    return params, np.array(model.loss_curve_)
""",
    ),
}
