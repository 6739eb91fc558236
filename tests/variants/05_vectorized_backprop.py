"""Wrong and alternative correct answers to the exercises of unit 05 (vectorised backprop)."""

_DENSE = """
import numpy as np

class DenseLayer:
    def __init__(self, W, b):
        self.params = {"W": W, "b": b}
        self.grads = {}
        self.X = None

    def forward(self, X):
FORWARD

    def backward(self, dout):
BACKWARD
"""
_DENSE_FORWARD = """        self.X = X
        return X @ self.params["W"] + self.params["b"]"""
_DENSE_BACKWARD = """        self.grads["W"] = self.X.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T"""


def _dense(forward=_DENSE_FORWARD, backward=_DENSE_BACKWARD):
    return _DENSE.replace("FORWARD", forward).replace("BACKWARD", backward)


_RELU = """
import numpy as np

class ReLULayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.positive = None

    def forward(self, X):
RELU_FORWARD

    def backward(self, dout):
RELU_BACKWARD
"""
_RELU_FORWARD = """        self.positive = X > 0
        return np.where(self.positive, X, 0.0)"""
_RELU_BACKWARD = """        return np.where(self.positive, dout, 0.0)"""
_SIGMOID = """

class SigmoidLayer:
    def __init__(self):
        self.params = {}
        self.grads = {}
        self.S = None

    def forward(self, X):
SIGMOID_FORWARD

    def backward(self, dout):
SIGMOID_BACKWARD
"""
_SIGMOID_FORWARD = """        self.S = np.exp(-np.logaddexp(0.0, -X))
        return self.S"""
_SIGMOID_BACKWARD = """        return dout * self.S * (1.0 - self.S)"""


def _activations(
    relu_forward=_RELU_FORWARD,
    relu_backward=_RELU_BACKWARD,
    sigmoid_forward=_SIGMOID_FORWARD,
    sigmoid_backward=_SIGMOID_BACKWARD,
):
    return _RELU.replace("RELU_FORWARD", relu_forward).replace(
        "RELU_BACKWARD", relu_backward
    ) + _SIGMOID.replace("SIGMOID_FORWARD", sigmoid_forward).replace(
        "SIGMOID_BACKWARD", sigmoid_backward
    )


_EPOCH = """
import numpy as np

def train_epoch(network, loss, X, y, order, *, lr, weight_decay, batch_size):
    order = ORDER
    total = 0.0
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        out = X[batch]
        for layer in network.layers:
            out = layer.forward(out)
        total += TOTAL
        dout = loss.backward()
        for layer in BACKWARD_ORDER:
            dout = layer.backward(dout)
        for layer in network.layers:
            for name, param in layer.params.items():
UPDATE
    return total / len(X)
"""
_EPOCH_UPDATE = """                step = layer.grads[name]
                if name == "W":
                    step = step + weight_decay * param
                param -= lr * step"""


def _epoch(
    order="order",
    total="loss.forward(out, y[batch]) * len(batch)",
    backward_order="reversed(network.layers)",
    update=_EPOCH_UPDATE,
):
    return (
        _EPOCH.replace("BACKWARD_ORDER", backward_order)
        .replace("ORDER", order)
        .replace("TOTAL", total)
        .replace("UPDATE", update)
    )


def _settings(settings):
    return f"""
def chosen_settings():
    return {settings}
"""


_STATS = """
import numpy as np

def layer_statistics(network, X, dout):
    out = X
    spreads = []
    for layer in network.layers:
        out = layer.forward(out)
SPREAD
    for layer in BACKWARD_ORDER:
        dout = layer.backward(dout)
    norms = NORMS
    return np.array(spreads), np.array(norms)
"""
_STATS_SPREAD = """        if not layer.params:
            spreads.append(np.std(out))"""
_STATS_NORMS = (
    '[np.linalg.norm(layer.grads["W"]) for layer in network.layers if "W" in layer.params]'
)


def _stats(spread=_STATS_SPREAD, backward_order="reversed(network.layers)", norms=_STATS_NORMS):
    return (
        _STATS.replace("SPREAD", spread)
        .replace("BACKWARD_ORDER", backward_order)
        .replace("NORMS", norms)
    )


VARIANTS = {
    "dense_layer": {
        "wrong: forgets the bias in forward": _dense(
            forward="""        self.X = X
        return X @ self.params["W"]"""
        ),
        "wrong: averages the bias gradient over the batch": _dense(
            backward="""        self.grads["W"] = self.X.T @ dout
        self.grads["b"] = dout.mean(axis=0)
        return dout @ self.params["W"].T"""
        ),
        "wrong: divides dW by the batch size": _dense(
            backward="""        self.grads["W"] = self.X.T @ dout / len(dout)
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T"""
        ),
        "wrong: dX with W instead of its transpose": _dense(
            backward="""        self.grads["W"] = self.X.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"]"""
        ),
        "wrong: caches only the first forward's input": _dense(
            forward="""        if self.X is None:
            self.X = X
        return X @ self.params["W"] + self.params["b"]"""
        ),
        "wrong: dW transposed": _dense(
            backward="""        self.grads["W"] = (self.X.T @ dout).T
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T"""
        ),
        "correct: loops over samples": _dense(
            backward="""        W = self.params["W"]
        dX = np.zeros(self.X.shape)
        dW = np.zeros(W.shape)
        db = np.zeros(W.shape[1])
        for n in range(len(dout)):
            dX[n] = W @ dout[n]
            dW += np.outer(self.X[n], dout[n])
            db += dout[n]
        self.grads["W"] = dW
        self.grads["b"] = db
        return dX"""
        ),
        "correct: einsum, and a copy of the input": _dense(
            forward="""        self.X = np.array(X, copy=True)
        return np.einsum("ni,ik->nk", X, self.params["W"]) + self.params["b"][None, :]""",
            backward="""        self.grads = {
            "W": np.einsum("ni,nk->ik", self.X, dout),
            "b": np.einsum("nk->k", dout),
        }
        return np.einsum("nk,ik->ni", dout, self.params["W"])""",
        ),
    },
    "activation_layers": {
        "wrong: the sigmoid overflows for large negative inputs": _activations(
            sigmoid_forward="""        self.S = 1.0 / (1.0 + np.exp(-X))
        return self.S"""
        ),
        "wrong: sigmoid derivative without the factor 1 - S": _activations(
            sigmoid_backward="        return dout * self.S"
        ),
        "wrong: sigmoid derivative from the upstream gradient instead of the output": _activations(
            sigmoid_backward="""        s = np.exp(-np.logaddexp(0.0, -dout))
        return s * (1.0 - s)"""
        ),
        "wrong: ReLU passes the gradient at the kink X == 0": _activations(
            relu_forward="""        self.positive = X >= 0
        return np.where(X > 0, X, 0.0)"""
        ),
        "wrong: ReLU backward returns the mask, forgetting the upstream gradient": _activations(
            relu_backward="        return self.positive.astype(float)"
        ),
        "wrong: ReLU backward masks with the sign of dout": _activations(
            relu_backward="        return np.where(dout > 0, dout, 0.0)"
        ),
        "wrong: clips the input at +-10 to avoid overflow": _activations(
            sigmoid_forward="""        self.S = 1.0 / (1.0 + np.exp(-np.clip(X, -10.0, 10.0)))
        return self.S"""
        ),
        "correct: exponentiates only numbers <= 0, and a multiplying mask": _activations(
            relu_forward="""        self.positive = (X > 0).astype(float)
        return X * self.positive""",
            relu_backward="        return dout * self.positive",
            sigmoid_forward="""        e = np.exp(-np.abs(X))
        self.S = np.where(X >= 0, 1.0, e) / (1.0 + e)
        return self.S""",
        ),
        "correct: the sigmoid through tanh": _activations(
            sigmoid_forward="""        self.S = 0.5 * (1.0 + np.tanh(0.5 * X))
        return self.S""",
        ),
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
    "train_epoch": {
        "wrong: ignores the order it is given": _epoch(order="np.arange(len(X))"),
        "wrong: walks the layers in forward order on the way back": _epoch(
            backward_order="network.layers"
        ),
        "wrong: decays the biases too": _epoch(
            update="                param -= lr * (layer.grads[name] + weight_decay * param)"
        ),
        "wrong: forgets the weight decay": _epoch(
            update="                param -= lr * layer.grads[name]"
        ),
        "wrong: the decay twice as strong (gradient of lambda ||W||^2)": _epoch(
            update="""                step = layer.grads[name]
                if name == "W":
                    step = step + 2 * weight_decay * param
                param -= lr * step"""
        ),
        "wrong: the mean of the batch losses, unweighted": _epoch(
            total="loss.forward(out, y[batch]) * len(X) / -(-len(X) // batch_size)"
        ),
        "wrong: the decay without the learning rate": _epoch(
            update="""                param -= lr * layer.grads[name]
                if name == "W":
                    param -= weight_decay * param"""
        ),
        "correct: the decay as a shrink factor, then the gradient step": _epoch(
            update="""                if name == "W":
                    param *= 1.0 - lr * weight_decay
                param -= lr * layer.grads[name]"""
        ),
        "correct: the forward pass through the Sequential itself": _epoch(
            total="loss.forward(network.forward(X[batch]), y[batch]) * len(batch)"
        ),
    },
    "digits_settings": {
        "wrong: misses the target (tiny rate, few epochs)": _settings(
            '{"width": 16, "lr": 0.01, "weight_decay": 0.0, "max_epochs": 10, "patience": 3}'
        ),
        "wrong: misses the target (impatient, slow)": _settings(
            '{"width": 64, "lr": 0.03, "weight_decay": 0.0, "max_epochs": 60, "patience": 1}'
        ),
        "wrong: width out of range": _settings(
            '{"width": 1000, "lr": 0.3, "weight_decay": 0.0, "max_epochs": 60, "patience": 10}'
        ),
        "wrong: epochs beyond the allowed cost": _settings(
            '{"width": 64, "lr": 0.3, "weight_decay": 0.0, "max_epochs": 500, "patience": 10}'
        ),
        "wrong: the width as a float": _settings(
            '{"width": 64.0, "lr": 0.3, "weight_decay": 0.0, "max_epochs": 60, "patience": 10}'
        ),
        "wrong: a key missing": _settings(
            '{"width": 64, "lr": 0.3, "max_epochs": 60, "patience": 10}'
        ),
        "correct: a narrow network without weight decay": _settings(
            '{"width": 16, "lr": 0.3, "weight_decay": 0.0, "max_epochs": 60, "patience": 10}'
        ),
        "correct: a wide network, integer weight decay 0": _settings(
            '{"width": 128, "lr": 0.2, "weight_decay": 0, "max_epochs": 50, "patience": 8}'
        ),
    },
    "layer_statistics": {
        "wrong: the spread of every module's output, dense layers included": _stats(
            spread="        spreads.append(np.std(out))"
        ),
        "wrong: the spread of the pre-activations": _stats(
            spread="""        if layer.params:
            spreads.append(np.std(out))"""
        ),
        "wrong: the norms in backward order": _stats(norms=f"{_STATS_NORMS}[::-1]"),
        "wrong: no backward pass, the norms of stale gradients": _stats(backward_order="[]"),
        "wrong: the norm of the bias gradients": _stats(
            norms='[np.linalg.norm(layer.grads["b"]) for layer in network.layers if layer.params]'
        ),
        "wrong: the mean absolute value instead of the standard deviation": _stats(
            spread="""        if not layer.params:
            spreads.append(np.mean(np.abs(out)))"""
        ),
        "correct: the spread and the norm written out": _stats(
            spread="""        if len(layer.params) == 0:
            spreads.append(np.sqrt(np.mean((out - out.mean()) ** 2)))""",
            norms='[np.sqrt((m.grads["W"] ** 2).sum()) for m in network.layers if m.params]',
        ),
    },
}

#: grade_id -> (a reference of the exercise, an answer that passes only through it, with REF).
BORROWED = {
    "dense_layer": (
        "course_lib.layers.Linear",
        """
class DenseLayer:
    def __init__(self, W, b):
        self.params = {"W": W, "b": b}
        self.grads = {}

    def forward(self, X):
        self.layer = REF.from_weights(self.params["W"], self.params["b"])
        return self.layer.forward(X)

    def backward(self, dout):
        dX = self.layer.backward(dout)
        self.grads = {"W": self.layer.grads["W"].copy(), "b": self.layer.grads["b"].copy()}
        return dX
""",
    ),
    "activation_layers": (
        "course_lib.activations.sigmoid",
        _activations(
            sigmoid_forward="""        self.S = REF(X)
        return self.S"""
        ),
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
    "train_epoch": (
        "course_lib.optim.SGD",
        """
def train_epoch(network, loss, X, y, order, *, lr, weight_decay, batch_size):
    optimizer = REF(network, lr, weight_decay=weight_decay)
    total = 0.0
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        out = X[batch]
        for layer in network.layers:
            out = layer.forward(out)
        total += loss.forward(out, y[batch]) * len(batch)
        dout = loss.backward()
        for layer in reversed(network.layers):
            dout = layer.backward(dout)
        optimizer.step()
    return total / len(X)
""",
    ),
    "layer_statistics": (
        "course_lib.training.layer_statistics",
        """
def layer_statistics(network, X, dout):
    return REF(network, X, dout)
""",
    ),
}
