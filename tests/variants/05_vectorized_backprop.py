"""Wrong and alternative correct answers to the exercises of unit 05 (vectorised backprop)."""

VARIANTS = {
    "dense_forward": {
        "wrong: forgets the bias": """
def dense_forward(X, W, b):
    return X @ W
""",
        "wrong: uses W transposed": """
def dense_forward(X, W, b):
    return X @ W.T + b
""",
        "wrong: adds the bias down the columns": """
def dense_forward(X, W, b):
    return X @ W + b[:, None]
""",
        "wrong: adds the sum of the bias to every entry": """
def dense_forward(X, W, b):
    return X @ W + b.sum()
""",
        "wrong: returns the column form, shape (D_out, N)": """
def dense_forward(X, W, b):
    return W.T @ X.T + b[:, None]
""",
        "wrong: sums the batch into one row": """
def dense_forward(X, W, b):
    return (X @ W).sum(axis=0, keepdims=True) + b
""",
        "correct: loops over samples and outputs": """
import numpy as np

def dense_forward(X, W, b):
    A = np.zeros((X.shape[0], W.shape[1]))
    for n in range(X.shape[0]):
        for k in range(W.shape[1]):
            A[n, k] = b[k] + sum(X[n, i] * W[i, k] for i in range(X.shape[1]))
    return A
""",
        "correct: einsum": """
import numpy as np

def dense_forward(X, W, b):
    return np.einsum("ni,ik->nk", X, W) + b[None, :]
""",
        "correct: the column form transposed back": """
def dense_forward(X, W, b):
    return (W.T @ X.T + b[:, None]).T
""",
    },
    "dense_backward": {
        "wrong: averages the bias gradient over the batch": """
def dense_backward(dA, X, W):
    return dA @ W.T, X.T @ dA, dA.mean(axis=0)
""",
        "wrong: divides dW by the batch size": """
def dense_backward(dA, X, W):
    return dA @ W.T, X.T @ dA / X.shape[0], dA.sum(axis=0)
""",
        "wrong: dX without the transpose of W": """
def dense_backward(dA, X, W):
    return dA @ W, X.T @ dA, dA.sum(axis=0)
""",
        "wrong: dW transposed": """
def dense_backward(dA, X, W):
    return dA @ W.T, dA.T @ X, dA.sum(axis=0)
""",
        "wrong: dW transposed, reshaped to W's shape": """
def dense_backward(dA, X, W):
    return dA @ W.T, (dA.T @ X).reshape(W.shape), dA.sum(axis=0)
""",
        "wrong: sums the bias gradient over the outputs": """
def dense_backward(dA, X, W):
    return dA @ W.T, X.T @ dA, dA.sum(axis=1)
""",
        "wrong: bias gradient is one number": """
def dense_backward(dA, X, W):
    return dA @ W.T, X.T @ dA, dA.sum()
""",
        "wrong: returns (dW, dX, db)": """
def dense_backward(dA, X, W):
    return X.T @ dA, dA @ W.T, dA.sum(axis=0)
""",
        "wrong: the sign of every gradient flipped": """
def dense_backward(dA, X, W):
    return -(dA @ W.T), -(X.T @ dA), -dA.sum(axis=0)
""",
        "wrong: the last sample is left out of dW": """
def dense_backward(dA, X, W):
    return dA @ W.T, X[:-1].T @ dA[:-1], dA.sum(axis=0)
""",
        "correct: per-sample outer products": """
import numpy as np

def dense_backward(dA, X, W):
    dX = np.zeros(X.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(W.shape[1])
    for n in range(X.shape[0]):
        dX[n] = W @ dA[n]
        dW += np.outer(X[n], dA[n])
        db += dA[n]
    return dX, dW, db
""",
        "correct: einsum": """
import numpy as np

def dense_backward(dA, X, W):
    dX = np.einsum("nk,ik->ni", dA, W)
    dW = np.einsum("ni,nk->ik", X, dA)
    db = np.einsum("nk->k", dA)
    return dX, dW, db
""",
        "correct: the column-form gradient transposed back": """
def dense_backward(dA, X, W):
    dW_column = dA.T @ X
    return (W @ dA.T).T, dW_column.T, dA.T.sum(axis=1)
""",
    },
    "relu_backward": {
        "wrong: passes the gradient at the kink (>= instead of >)": """
def relu_backward(dA, Z):
    return dA * (Z >= 0)
""",
        "wrong: forgets the upstream gradient": """
def relu_backward(dA, Z):
    return (Z > 0).astype(float)
""",
        "wrong: masks on the sign of the gradient": """
def relu_backward(dA, Z):
    return dA * (dA > 0)
""",
        "wrong: multiplies by relu(Z) instead of its derivative": """
import numpy as np

def relu_backward(dA, Z):
    return dA * np.maximum(Z, 0)
""",
        "wrong: clips the gradient at 0": """
import numpy as np

def relu_backward(dA, Z):
    return np.maximum(dA, 0.0)
""",
        "correct: np.where": """
import numpy as np

def relu_backward(dA, Z):
    return np.where(Z > 0, dA, 0.0)
""",
        "correct: Heaviside step with 0 at the kink": """
import numpy as np

def relu_backward(dA, Z):
    return dA * np.heaviside(Z, 0.0)
""",
        "correct: copy and zero out": """
def relu_backward(dA, Z):
    dZ = dA.copy()
    dZ[Z <= 0] = 0.0
    return dZ
""",
        "correct: masks with course_lib.activations.step (unit 01's reference, allowed here)": """
from course_lib.activations import step


def relu_backward(dA, Z):
    return dA * step(Z)
""",
    },
    "sigmoid_layer": {
        "wrong: caches the input and uses it in the derivative": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.X = None

    def forward(self, X):
        self.X = X
        return 1.0 / (1.0 + np.exp(-X))

    def backward(self, dout):
        return dout * self.X * (1.0 - self.X)
""",
        "wrong: forgets the upstream gradient": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = 1.0 / (1.0 + np.exp(-X))
        return self.S

    def backward(self, dout):
        return self.S * (1.0 - self.S)
""",
        "wrong: derivative without the factor 1 - S": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = 1.0 / (1.0 + np.exp(-X))
        return self.S

    def backward(self, dout):
        return dout * self.S
""",
        "wrong: forward computes sigmoid(-X), backward its consistent derivative": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = 1.0 / (1.0 + np.exp(X))
        return self.S

    def backward(self, dout):
        return -dout * self.S * (1.0 - self.S)
""",
        "wrong: backward applies the derivative to dout instead of the cached output": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = 1.0 / (1.0 + np.exp(-X))
        return self.S

    def backward(self, dout):
        s = 1.0 / (1.0 + np.exp(-dout))
        return s * (1.0 - s)
""",
        "wrong: caches only the first forward call": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        S = 1.0 / (1.0 + np.exp(-X))
        if self.S is None:
            self.S = S
        return S

    def backward(self, dout):
        return dout * self.S * (1.0 - self.S)
""",
        "correct: naive formula (overflow warnings silenced by numpy's limits)": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = 1.0 / (1.0 + np.exp(-X))
        return self.S

    def backward(self, dout):
        return dout * self.S * (1.0 - self.S)
""",
        "correct: caches the input and recomputes in backward": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.X = None

    def forward(self, X):
        self.X = X
        return 0.5 * (1.0 + np.tanh(0.5 * X))

    def backward(self, dout):
        s = 0.5 * (1.0 + np.tanh(0.5 * self.X))
        return dout * s * (1.0 - s)
""",
        "correct: stable two-branch formula": """
import numpy as np

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        e = np.exp(-np.abs(X))
        self.S = np.where(X >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return self.S

    def backward(self, dout):
        return dout * self.S * (1.0 - self.S)
""",
    },
    "softmax_cross_entropy": {
        "wrong: sums over the batch instead of averaging": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    dlogits = np.exp(log_p)
    dlogits[rows, y] -= 1.0
    return -log_p[rows, y].sum(), dlogits
""",
        "wrong: gradient without the 1/N of the mean": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    dlogits = np.exp(log_p)
    dlogits[rows, y] -= 1.0
    return -log_p[rows, y].mean(), dlogits
""",
        "wrong: gradient with the opposite sign, (Y - P) / N": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    Y = np.zeros_like(logits)
    Y[rows, y] = 1.0
    return -log_p[rows, y].mean(), (Y - np.exp(log_p)) / len(y)
""",
        "wrong: no max shift, overflows for large logits": """
import numpy as np

def softmax_cross_entropy(logits, y):
    e = np.exp(logits)
    P = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(P[rows, y]).mean()
    P[rows, y] -= 1.0
    return loss, P / len(y)
""",
        "wrong: log of a probability that underflows to 0": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    P = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(P[rows, y]).mean()
    P[rows, y] -= 1.0
    return loss, P / len(y)
""",
        "wrong: clips probabilities before the log": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    P = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(np.clip(P[rows, y], 1e-15, 1.0)).mean()
    P[rows, y] -= 1.0
    return loss, P / len(y)
""",
        "wrong: one-hot built by columns instead of rows": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    Y = np.zeros_like(logits)
    Y[:, y] = 1.0
    loss = -(Y * log_p).sum() / len(y)
    return loss, (np.exp(log_p) - Y) / len(y)
""",
        "wrong: averages over all N * K entries": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    Y = np.eye(logits.shape[1])[y]
    return -(Y * log_p).mean(), (np.exp(log_p) - Y) / logits.size
""",
        "correct: log-sum-exp with np.logaddexp.reduce, one-hot from np.eye": """
import numpy as np

def softmax_cross_entropy(logits, y):
    N, K = logits.shape
    lse = np.logaddexp.reduce(logits, axis=1, keepdims=True)
    log_p = logits - lse
    Y = np.eye(K)[y]
    loss = -np.sum(Y * log_p) / N
    return loss, (np.exp(log_p) - Y) / N
""",
        "correct: a loop over the samples": """
import math

import numpy as np

def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    total = 0.0
    dlogits = np.zeros(logits.shape)
    for n in range(N):
        row = logits[n]
        m = row.max()
        lse = m + math.log(np.exp(row - m).sum())
        total += lse - row[y[n]]
        dlogits[n] = np.exp(row - lse) / N
        dlogits[n, y[n]] -= 1.0 / N
    return total / N, dlogits
""",
        "correct: returns the loss as a 0-d array": """
import numpy as np

def softmax_cross_entropy(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    Y = (np.arange(logits.shape[1]) == y[:, None]).astype(float)
    return np.asarray(-(Y * log_p).sum(axis=1).mean()), (np.exp(log_p) - Y) / len(y)
""",
    },
    "huber_loss": {
        "wrong: linear part without the -delta/2 shift": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(small, 0.5 * r**2, delta * np.abs(r)).mean()
    return loss, np.clip(r, -delta, delta) / len(r)
""",
        "wrong: slope sign(r) beyond delta, without the factor delta": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).mean()
    return loss, np.where(small, r, np.sign(r)) / len(r)
""",
        "wrong: r**2 without the 1/2 (and its gradient 2r)": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(small, r**2, delta * (np.abs(r) - 0.5 * delta)).mean()
    return loss, np.where(small, 2 * r, delta * np.sign(r)) / len(r)
""",
        "wrong: sums over the batch instead of averaging": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).sum()
    return loss, np.clip(r, -delta, delta)
""",
        "wrong: the two regimes swapped": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    large = np.abs(r) > delta
    loss = np.where(large, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).mean()
    return loss, np.where(large, r, delta * np.sign(r)) / len(r)
""",
        "wrong: gradient with respect to the target (sign flipped)": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = target - pred
    loss = np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).mean()
    return loss, np.clip(r, -delta, delta) / len(r)
""",
        "correct: strict inequality (the pieces meet at |r| = delta)": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    quadratic = np.abs(r) < delta
    loss = np.mean(np.where(quadratic, 0.5 * r * r, delta * np.abs(r) - 0.5 * delta**2))
    return float(loss), np.where(quadratic, r, delta * np.sign(r)) / r.size
""",
        "correct: min form, 0.5 a^2 + delta (|r| - a) with a = min(|r|, delta)": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    r = pred - target
    a = np.minimum(np.abs(r), delta)
    loss = np.mean(0.5 * a**2 + delta * (np.abs(r) - a))
    return loss, np.sign(r) * a / len(r)
""",
        "correct: a loop over the samples": """
import numpy as np

def huber_loss(pred, target, delta=1.0):
    N = len(pred)
    total = 0.0
    dpred = np.zeros(N)
    for n in range(N):
        r = pred[n] - target[n]
        if abs(r) <= delta:
            total += 0.5 * r * r
            dpred[n] = r / N
        else:
            total += delta * (abs(r) - delta / 2)
            dpred[n] = delta * (1.0 if r > 0 else -1.0) / N
    return total / N, dpred
""",
    },
    "sequential_backward": {
        "wrong: walks the layers in forward order": """
def sequential_backward(layers, dout):
    for layer in layers:
        dout = layer.backward(dout)
    return dout
""",
        "wrong: does not chain, every layer gets the loss gradient": """
def sequential_backward(layers, dout):
    dX = dout
    for layer in reversed(layers):
        dX = layer.backward(dout)
    return dX
""",
        "wrong: off by one, skips the first layer": """
def sequential_backward(layers, dout):
    for i in range(len(layers) - 1, 0, -1):
        dout = layers[i].backward(dout)
    return dout
""",
        "wrong: skips the last layer": """
def sequential_backward(layers, dout):
    for layer in reversed(layers[:-1]):
        dout = layer.backward(dout)
    return dout
""",
        "wrong: returns the upstream gradient it was given": """
def sequential_backward(layers, dout):
    grad = dout
    for layer in reversed(layers):
        grad = layer.backward(grad)
    return dout
""",
        "wrong: returns the list of every layer's input gradient": """
def sequential_backward(layers, dout):
    grads = []
    for layer in reversed(layers):
        dout = layer.backward(dout)
        grads.append(dout)
    return grads
""",
        "correct: indices counting down": """
def sequential_backward(layers, dout):
    for i in range(len(layers) - 1, -1, -1):
        dout = layers[i].backward(dout)
    return dout
""",
        "correct: recursion": """
def sequential_backward(layers, dout):
    if not layers:
        return dout
    return sequential_backward(layers[:-1], layers[-1].backward(dout))
""",
        "correct: functools.reduce over the reversed list": """
from functools import reduce

def sequential_backward(layers, dout):
    return reduce(lambda grad, layer: layer.backward(grad), layers[::-1], dout)
""",
    },
    "sgd_step": {
        "wrong: gradient ascent (+ instead of -)": """
def sgd_step(params, grads, lr):
    for name, param in params.items():
        param += lr * grads[name]
""",
        "wrong: binds new arrays in the dict instead of updating in place": """
def sgd_step(params, grads, lr):
    for name in params:
        params[name] = params[name] - lr * grads[name]
""",
        "wrong: rebinds a local name only": """
def sgd_step(params, grads, lr):
    for name, param in params.items():
        param = param - lr * grads[name]
""",
        "wrong: pairs parameters and gradients by position, not by name": """
def sgd_step(params, grads, lr):
    for param, grad in zip(params.values(), grads.values()):
        param -= lr * grad
""",
        "wrong: returns after the first parameter": """
def sgd_step(params, grads, lr):
    for name, param in params.items():
        param -= lr * grads[name]
        return
""",
        "wrong: divides by the learning rate": """
def sgd_step(params, grads, lr):
    for name, param in params.items():
        param -= grads[name] / lr
""",
        "correct: np.subtract with out=": """
import numpy as np

def sgd_step(params, grads, lr):
    for name in grads:
        np.subtract(params[name], lr * grads[name], out=params[name])
""",
        "correct: slice assignment, returns the dict": """
def sgd_step(params, grads, lr):
    for name in params:
        params[name][...] = params[name] - lr * grads[name]
    return params
""",
    },
}

#: grade_id -> (a reference of the exercise, an answer that passes only through it, with REF).
BORROWED = {
    "dense_forward": (
        "course_lib.layers.Linear",
        """
def dense_forward(X, W, b):
    layer = REF(W.shape[0], W.shape[1], rng=0)
    layer.params["W"][...] = W
    layer.params["b"][...] = b
    return layer.forward(X)
""",
    ),
    "dense_backward": (
        "course_lib.layers.Linear",
        """
def dense_backward(dA, X, W):
    layer = REF(W.shape[0], W.shape[1], rng=0)
    layer.params["W"][...] = W
    layer.forward(X)
    dX = layer.backward(dA)
    return dX, layer.grads["W"].copy(), layer.grads["b"].copy()
""",
    ),
    "relu_backward": (
        "course_lib.activations.relu_derivative",
        """
def relu_backward(dA, Z):
    return dA * REF(Z)
""",
    ),
    "sigmoid_layer": (
        "course_lib.activations.sigmoid",
        """
class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
        self.S = REF(X)
        return self.S

    def backward(self, dout):
        return dout * self.S * (1.0 - self.S)
""",
    ),
    "softmax_cross_entropy": (
        "course_lib.losses.SoftmaxCrossEntropy",
        """
def softmax_cross_entropy(logits, y):
    loss = REF()
    value = loss.forward(logits, y)
    return value, loss.backward()
""",
    ),
    "huber_loss": (
        "course_lib.losses.HuberLoss",
        """
def huber_loss(pred, target, delta=1.0):
    loss = REF(delta=delta)
    value = loss.forward(pred, target)
    return value, loss.backward()
""",
    ),
    "sequential_backward": (
        "course_lib.layers.Sequential",
        """
def sequential_backward(layers, dout):
    return REF(*layers).backward(dout)
""",
    ),
    "sgd_step": (
        "course_lib.optim.SGD",
        """
from course_lib.layers import Module


def sgd_step(params, grads, lr):
    holder = Module()
    holder.params = params
    holder.grads = grads
    REF(holder, lr=lr).step()
""",
    ),
}
