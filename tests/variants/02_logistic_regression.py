"""Wrong and alternative correct answers to the exercises of unit 02 (logistic regression).

`BORROWED` holds, per exercise, an answer that passes only through one of the exercise's
references in course_lib (`course_lib.exercise_references`), with ``REF`` where it is used.
"""

SIGMOID = {
    "wrong: the naive formula overflows in exp for very negative a": """
def sigmoid(a):
    return 1 / (1 + np.exp(-a))
""",
    "wrong: np.where picks the stable branch but evaluates both, so exp still overflows": """
def sigmoid(a):
    return np.where(a >= 0, 1 / (1 + np.exp(-a)), np.exp(a) / (1 + np.exp(a)))
""",
    "wrong: sign error, 1 / (1 + exp(a))": """
def sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, e, 1.0) / (1.0 + e)
""",
    "wrong: only the branch for negative a, used everywhere": """
def sigmoid(a):
    e = np.exp(-np.abs(a))
    return e / (1.0 + e)
""",
    "wrong: the input clipped to [-10, 10] before the naive formula": """
def sigmoid(a):
    return 1 / (1 + np.exp(-np.clip(a, -10, 10)))
""",
    "wrong: e^a / (1 + e^a) gives inf / inf = NaN for large a": """
def sigmoid(a):
    return np.exp(a) / (1 + np.exp(a))
""",
    "correct: a loop over the entries with math.exp and two branches": """
import math


def sigmoid(a):
    a = np.asarray(a, dtype=float)
    out = np.empty_like(a)
    for index in np.ndindex(a.shape):
        x = a[index]
        if x >= 0:
            out[index] = 1 / (1 + math.exp(-x))
        else:
            e = math.exp(x)
            out[index] = e / (1 + e)
    return out
""",
    "correct: through tanh, sigma(a) = (1 + tanh(a / 2)) / 2": """
def sigmoid(a):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(a, dtype=float)))
""",
    "correct: exp of minus logaddexp(0, -a)": """
def sigmoid(a):
    return np.exp(-np.logaddexp(0.0, -np.asarray(a, dtype=float)))
""",
    "correct: boolean masks, each branch computed only where it applies": """
def sigmoid(a):
    a = np.asarray(a, dtype=float)
    out = np.empty_like(a)
    positive = a >= 0
    out[positive] = 1 / (1 + np.exp(-a[positive]))
    e = np.exp(a[~positive])
    out[~positive] = e / (1 + e)
    return out
""",
    "correct: the input clipped to [-500, 500], where exp cannot overflow": """
def sigmoid(a):
    return 1 / (1 + np.exp(-np.clip(a, -500, 500)))
""",
}

BCE_LOSS_AND_GRADIENT = {
    "wrong: the loss from log(sigmoid(a)), -inf and NaN for saturated units": """
def bce_loss_and_gradient(X, y, w, b):
    p = reference_sigmoid(X @ w + b)
    loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    errors = p - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: p clipped to [1e-15, 1 - 1e-15], which caps the cost of a confident mistake": """
def bce_loss_and_gradient(X, y, w, b):
    p = reference_sigmoid(X @ w + b)
    q = np.clip(p, 1e-15, 1 - 1e-15)
    loss = float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))
    errors = p - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: log(1 + exp(a)) typed literally, inf for large positive a": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.log(1 + np.exp(a)) - y * a))
    errors = reference_sigmoid(a) - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: the loss summed over the samples instead of averaged": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.sum(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(a) - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: the loss's minus sign lost, y a - log(1 + e^a)": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(y * a - np.logaddexp(0.0, a)))
    errors = reference_sigmoid(a) - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: the per-sample losses, not their mean": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    errors = reference_sigmoid(a) - y
    return np.logaddexp(0.0, a) - y * a, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: sign error in the gradient, (y - p) instead of (p - y)": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = y - reference_sigmoid(a)
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: the 1/N is missing from the gradient (gradient of the sum)": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(a) - y
    return loss, X.T @ errors, float(np.sum(errors))
""",
    "wrong: 1/N only in dw, db summed": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(a) - y
    return loss, X.T @ errors / len(X), float(np.sum(errors))
""",
    "wrong: the bias left out of the gradient's p": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(X @ w) - y
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: an extra factor p(1 - p), the gradient of the squared error": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    p = reference_sigmoid(a)
    errors = (p - y) * p * (1 - p)
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: dw of shape (D, 1), the errors made a column": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(a)[:, None] - y[:, None]
    return loss, X.T @ errors / len(X), float(np.mean(errors))
""",
    "wrong: the product in the wrong order, X @ errors": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    loss = float(np.mean(np.logaddexp(0.0, a) - y * a))
    errors = reference_sigmoid(a) - y
    return loss, X @ errors / len(X), float(np.mean(errors))
""",
    "wrong: only the gradient, the loss left out": """
def bce_loss_and_gradient(X, y, w, b):
    errors = reference_sigmoid(X @ w + b) - y
    return X.T @ errors / len(X), float(np.mean(errors))
""",
    "correct: a loop over the samples with math, max(a, 0) + log1p(exp(-|a|))": """
import math


def bce_loss_and_gradient(X, y, w, b):
    N, D = X.shape
    loss, dw, db = 0.0, np.zeros(D), 0.0
    for n in range(N):
        a = float(X[n] @ w + b)
        loss += max(a, 0.0) + math.log1p(math.exp(-abs(a))) - y[n] * a
        p = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
        dw += (p - y[n]) * X[n]
        db += p - y[n]
    return loss / N, dw / N, db / N
""",
    "correct: np.where of two log1p branches (overflows in the unused one), a list": """
def bce_loss_and_gradient(X, y, w, b):
    a = np.einsum("nd,d->n", X, w) + b
    softplus = np.where(a > 0, a + np.log1p(np.exp(-a)), np.log1p(np.exp(a)))
    errors = reference_sigmoid(a) - y
    dw = np.einsum("nd,n->d", X, errors) / X.shape[0]
    return [np.mean(softplus - y * a), dw, np.mean(errors)]
""",
    "correct: the per-sample losses -log of the stable sigmoid of +-a, written with logaddexp": """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    signed = np.where(y == 1, a, -a)  # the pre-activation in favour of the observed label
    errors = reference_sigmoid(a) - y
    loss = np.logaddexp(0.0, -signed).mean()
    return loss, np.mean(errors[:, None] * X, axis=0), float(errors.mean())
""",
}

SGD_EPOCH = {
    "wrong: the rows visited in their natural order, ignoring order": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(X), batch_size):
        rows = np.arange(len(X))[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * X[rows].T @ errors / len(rows)
        b = b - lr * np.mean(errors)
    return w, float(b)
""",
    "wrong: every gradient of the epoch computed at the starting weights": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w0, b0 = w.copy(), b
    w = w.copy()
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w0 + b0) - y[rows]
        w = w - lr * X[rows].T @ errors / len(rows)
        b = b - lr * np.mean(errors)
    return w, float(b)
""",
    "wrong: the last, smaller minibatch is dropped": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(order) - batch_size + 1, batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * X[rows].T @ errors / len(rows)
        b = b - lr * np.mean(errors)
    return w, float(b)
""",
    "wrong: the minibatch gradient divided by batch_size, not by the batch's size": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * X[rows].T @ errors / batch_size
        b = b - lr * np.sum(errors) / batch_size
    return w, float(b)
""",
    "wrong: the sum over the minibatch instead of the mean": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * X[rows].T @ errors
        b = b - lr * np.sum(errors)
    return w, float(b)
""",
    "wrong: the bias is never updated": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * X[rows].T @ errors / len(rows)
    return w, float(b)
""",
    "wrong: the caller's w changed in place": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w -= lr * X[rows].T @ errors / len(rows)
        b = b - lr * np.mean(errors)
    return w, float(b)
""",
    "wrong: gradient ascent (the update's sign)": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = w.copy()
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w + lr * X[rows].T @ errors / len(rows)
        b = b + lr * np.mean(errors)
    return w, float(b)
""",
    "correct: per-sample accumulation inside each minibatch, then in-place updates of a copy": """
import math


def sgd_epoch(X, y, w, b, lr, order, batch_size):
    w = np.array(w, dtype=float)
    position = 0
    while position < len(order):
        rows = order[position : position + batch_size]
        dw, db = np.zeros_like(w), 0.0
        for n in rows:
            a = float(X[n] @ w + b)
            p = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
            dw += (p - y[n]) * X[n]
            db += p - y[n]
        w -= lr * dw / len(rows)
        b -= lr * db / len(rows)
        position += batch_size
    return w, b
""",
    "correct: the batches made first with np.split at multiples of batch_size": """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    batches = np.split(order, np.arange(batch_size, len(order), batch_size))
    for rows in batches:
        errors = reference_sigmoid(X[rows] @ w + b) - y[rows]
        w = w - lr * np.mean(errors[:, None] * X[rows], axis=0)
        b = b - lr * errors.mean()
    return w, b
""",
    "correct: the batch's errors from course_lib (another exercise's reference)": """
from course_lib.losses import binary_cross_entropy_with_logits_grad


def sgd_epoch(X, y, w, b, lr, order, batch_size):
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        errors = binary_cross_entropy_with_logits_grad(X[rows] @ w + b, y[rows])  # already / B
        w = w - lr * X[rows].T @ errors
        b = b - lr * float(np.sum(errors))
    return w, b
""",
}


def _schedule_variant(*replacements):
    """`_SCHEDULE_BASE` (a correct answer) with each (old, new) replacement made once."""
    source = _SCHEDULE_BASE
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


_SCHEDULE_BASE = """
def sgd_with_schedule(X, y, eta0, schedule, batch_size, epochs, seed, drop=0.5, every=100):
    if schedule not in ("constant", "1/t", "1/sqrt(t)", "step"):
        raise ValueError(schedule)
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    rates, t = [], 0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            t += 1
            if schedule == "constant":
                eta = eta0
            elif schedule == "1/t":
                eta = eta0 / t
            elif schedule == "1/sqrt(t)":
                eta = eta0 / np.sqrt(t)
            else:
                eta = eta0 * drop ** ((t - 1) // every)
            rows = order[start : start + batch_size]
            errors = 1 / (1 + np.exp(-(X[rows] @ w + b))) - y[rows]
            w = w - eta * X[rows].T @ errors / len(rows)
            b = b - eta * float(np.mean(errors))
            rates.append(eta)
    return w, float(b), np.array(rates)
"""

SGD_WITH_SCHEDULE = {
    "wrong: t restarts at 1 in every epoch": _schedule_variant(
        (
            "        order = rng.permutation(len(X))\n",
            "        order = rng.permutation(len(X))\n        t = 0\n",
        ),
    ),
    "wrong: step decay counted from t = 0, drop ** (t // every)": _schedule_variant(
        ("drop ** ((t - 1) // every)", "drop ** (t // every)"),
    ),
    "wrong: the schedule advanced once per epoch, not per update": _schedule_variant(
        ("    for _ in range(epochs):\n", "    for epoch in range(epochs):\n"),
        ("            t += 1\n", "            t = epoch + 1\n"),
    ),
    "wrong: the rows shuffled once, the same order in every epoch": _schedule_variant(
        ("    rates, t = [], 0\n", "    rates, t = [], 0\n    order = rng.permutation(len(X))\n"),
        ("        order = rng.permutation(len(X))\n", ""),
    ),
    "wrong: 1/sqrt(t) computed as 1/t": _schedule_variant(
        ("eta = eta0 / np.sqrt(t)", "eta = eta0 / t"),
    ),
    "wrong: the rates recorded, but every update made with eta0": _schedule_variant(
        ("w = w - eta * X[rows].T", "w = w - eta0 * X[rows].T"),
        ("b = b - eta * float", "b = b - eta0 * float"),
    ),
    "wrong: a new generator for every epoch, so every epoch has the same order": _schedule_variant(
        (
            "        order = rng.permutation(len(X))\n",
            "        order = np.random.default_rng(seed).permutation(len(X))\n",
        ),
    ),
    "wrong: an unknown schedule silently treated as constant": _schedule_variant(
        (
            '    if schedule not in ("constant", "1/t", "1/sqrt(t)", "step"):\n'
            "        raise ValueError(schedule)\n",
            "",
        ),
        (
            '            if schedule == "constant":\n                eta = eta0\n            elif',
            "            if",
        ),
        (
            "            else:\n                eta = eta0 * drop",
            '            elif schedule == "step":\n                eta = eta0 * drop',
        ),
        (
            "            rows = order",
            "            else:\n                eta = eta0\n            rows = order",
        ),
    ),
    "correct: the rates of all updates computed first, a per-sample loop in each minibatch": """
def sgd_with_schedule(X, y, eta0, schedule, batch_size, epochs, seed, drop=0.5, every=100):
    rules = {
        "constant": lambda t: eta0,
        "1/t": lambda t: eta0 / t,
        "1/sqrt(t)": lambda t: eta0 / t**0.5,
        "step": lambda t: eta0 * drop ** int((t - 1) / every),
    }
    if schedule not in rules:
        raise ValueError(f"unknown schedule {schedule}")
    per_epoch = -(-len(X) // batch_size)
    rates = np.array([rules[schedule](t) for t in range(1, epochs * per_epoch + 1)], dtype=float)
    rng = np.random.default_rng(seed)
    w, b, k = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(epochs):
        order = list(rng.permutation(len(X)))
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        for rows in batches:
            dw, db = np.zeros_like(w), 0.0
            for n in rows:
                a = X[n] @ w + b
                p = 1 / (1 + np.exp(-a)) if a >= 0 else np.exp(a) / (1 + np.exp(a))
                dw += (p - y[n]) * X[n]
                db += p - y[n]
            w = w - rates[k] * dw / len(rows)
            b = b - rates[k] * db / len(rows)
            k += 1
    return w, b, rates
""",
}

BUDGET_SETTINGS = {
    "wrong: a constant rate, which misses the target": """
def sgd_budget_settings():
    return {"lr": 0.3, "batch_size": 4, "schedule": "constant", "schedule_params": {}}
""",
    "wrong: full-batch gradient descent, two updates in the budget": """
def sgd_budget_settings():
    return {"lr": 3.0, "batch_size": 400, "schedule": "constant", "schedule_params": {}}
""",
    "wrong: 1/t from a small rate stalls": """
def sgd_budget_settings():
    return {"lr": 0.5, "batch_size": 1, "schedule": "1/t", "schedule_params": {}}
""",
    "wrong: meets the target on the validation set, misses it on held-out data": """
def sgd_budget_settings():
    return {"lr": 1.0, "batch_size": 1, "schedule": "1/sqrt(t)", "schedule_params": {}}
""",
    "wrong: the rate out of range": """
def sgd_budget_settings():
    return {
        "lr": 50.0,
        "batch_size": 4,
        "schedule": "step",
        "schedule_params": {"drop": 0.5, "every": 50},
    }
""",
    "wrong: the batch size as a string": """
def sgd_budget_settings():
    return {
        "lr": 1.0,
        "batch_size": "4",
        "schedule": "step",
        "schedule_params": {"drop": 0.5, "every": 50},
    }
""",
    "wrong: step decay without its parameters": """
def sgd_budget_settings():
    return {"lr": 1.0, "batch_size": 4, "schedule": "step", "schedule_params": {}}
""",
    "wrong: a tuple of settings instead of a dict": """
def sgd_budget_settings():
    return (1.0, 4, "step", {"drop": 0.5, "every": 50})
""",
    "correct: pure SGD with a sharper step decay": """
def sgd_budget_settings():
    return {
        "lr": 0.3,
        "batch_size": 1,
        "schedule": "step",
        "schedule_params": {"drop": 0.3, "every": 266},
    }
""",
    "correct: minibatches of 4, a sharper drop every 66 updates, lr given as an int": """
def sgd_budget_settings():
    settings = dict(lr=1, batch_size=4, schedule="step")
    settings["schedule_params"] = {"every": 66, "drop": 0.3}
    return settings
""",
}

NEWTON_STEP = {
    "wrong: the Hessian without S, X1.T X1 / N": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X1 @ theta)
    H = X1.T @ X1 / len(X)
    theta = theta - np.linalg.solve(H, X1.T @ (p - y) / len(X))
    return theta[:-1], float(theta[-1])
""",
    "wrong: S = diag(p) instead of diag(p (1 - p))": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X1 @ theta)
    H = (X1.T * p) @ X1 / len(X)
    theta = theta - np.linalg.solve(H, X1.T @ (p - y) / len(X))
    return theta[:-1], float(theta[-1])
""",
    "wrong: the step added instead of subtracted": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X1 @ theta)
    H = (X1.T * (p * (1 - p))) @ X1 / len(X)
    theta = theta + np.linalg.solve(H, X1.T @ (p - y) / len(X))
    return theta[:-1], float(theta[-1])
""",
    "wrong: 1/N in the Hessian but not in the gradient": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X1 @ theta)
    H = (X1.T * (p * (1 - p))) @ X1 / len(X)
    theta = theta - np.linalg.solve(H, X1.T @ (p - y))
    return theta[:-1], float(theta[-1])
""",
    "wrong: Newton on w alone, the bias moved by a gradient step": """
def newton_step(X, y, w, b):
    p = reference_sigmoid(X @ w + b)
    H = (X.T * (p * (1 - p))) @ X / len(X)
    w_new = w - np.linalg.solve(H, X.T @ (p - y) / len(X))
    return w_new, float(b - np.mean(p - y))
""",
    "wrong: only the diagonal of the Hessian": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X1 @ theta)
    curvature = (p * (1 - p)) @ X1**2 / len(X)
    theta = theta - (X1.T @ (p - y) / len(X)) / curvature
    return theta[:-1], float(theta[-1])
""",
    "wrong: the bias left out of p": """
def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    p = reference_sigmoid(X @ w)
    H = (X1.T * (p * (1 - p))) @ X1 / len(X)
    theta = theta - np.linalg.solve(H, X1.T @ (p - y) / len(X))
    return theta[:-1], float(theta[-1])
""",
    "correct: sums without 1/N (it cancels), np.linalg.inv, the ones column first": """
def newton_step(X, y, w, b):
    X1 = np.column_stack([np.ones(len(X)), X])
    theta = np.concatenate([[b], w])
    p = reference_sigmoid(X1 @ theta)
    H = X1.T @ np.diag(p * (1 - p)) @ X1
    theta = theta - np.linalg.inv(H) @ (X1.T @ (p - y))
    return theta[1:], theta[0]
""",
    "correct: Hessian blocks built by loops, solved with lstsq": """
import math


def newton_step(X, y, w, b):
    N, D = X.shape
    H = np.zeros((D + 1, D + 1))
    g = np.zeros(D + 1)
    for n in range(N):
        x1 = np.append(X[n], 1.0)
        a = float(X[n] @ w + b)
        p = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
        g += (p - y[n]) * x1
        H += p * (1 - p) * np.outer(x1, x1)
    step = np.linalg.lstsq(H / N, g / N, rcond=None)[0]
    return w - step[:D], b - step[D]
""",
    "correct: the gradient from course_lib (another exercise's reference)": """
from course_lib.losses import binary_cross_entropy_with_logits_grad


def newton_step(X, y, w, b):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.append(w, b)
    z = X1 @ theta
    p = reference_sigmoid(z)
    gradient = X1.T @ binary_cross_entropy_with_logits_grad(z, y)
    hessian = (X1.T * (p * (1 - p))) @ X1 / len(X)
    theta = theta - np.linalg.solve(hessian, gradient)
    return theta[:-1], float(theta[-1])
""",
}

VARIANTS = {
    "sigmoid": SIGMOID,
    "bce_loss_and_gradient": BCE_LOSS_AND_GRADIENT,
    "sgd_epoch": SGD_EPOCH,
    "sgd_with_schedule": SGD_WITH_SCHEDULE,
    "sgd_budget_settings": BUDGET_SETTINGS,
    "newton_step": NEWTON_STEP,
}

# --- answers through a reference (tests/test_own_work_routes.py) ------------------------

BORROWED = {
    "sigmoid": (
        "course_lib.activations.sigmoid",
        """
def sigmoid(a):
    return REF(a)
""",
    ),
    "bce_loss_and_gradient": (
        "course_lib.losses.binary_cross_entropy_with_logits",
        """
def bce_loss_and_gradient(X, y, w, b):
    a = X @ w + b
    errors = reference_sigmoid(a) - y
    return REF(a, y), X.T @ errors / len(X), float(np.mean(errors))
""",
    ),
    "sgd_epoch": (
        "course_lib.linear_models.LogisticRegression",
        """
def sgd_epoch(X, y, w, b, lr, order, batch_size):
    # the solver's epoch, on the rows put in the given order and started from (w, b)
    model = REF(lr=lr, batch_size=batch_size, random_state=None)
    X1 = np.hstack([X, np.ones((len(X), 1))])
    start, no_penalty = np.append(w, b), np.zeros(len(w) + 1)
    theta = next(model._sgd_steps(X1[order], y[order], start, no_penalty, 1))
    return theta[:-1], float(theta[-1])
""",
    ),
    "sgd_with_schedule": (
        "course_lib.linear_models.LogisticRegression",
        """
def sgd_with_schedule(X, y, eta0, schedule, batch_size, epochs, seed, drop=0.5, every=100):
    params = {"drop": drop, "every": every} if schedule == "step" else None
    model = REF(
        lr=eta0,
        schedule=schedule,
        schedule_params=params,
        batch_size=batch_size,
        epochs=epochs,
        random_state=seed,
    ).fit(X, y)
    rules = {
        "constant": lambda t: eta0,
        "1/t": lambda t: eta0 / t,
        "1/sqrt(t)": lambda t: eta0 / t**0.5,
        "step": lambda t: eta0 * drop ** ((t - 1) // every),
    }
    n_updates = epochs * -(-len(X) // batch_size)
    rates = np.array([rules[schedule](t) for t in range(1, n_updates + 1)])
    return model.coef_, model.intercept_, rates
""",
    ),
    "newton_step": (
        "course_lib.linear_models.LogisticRegression",
        """
def newton_step(X, y, w, b):
    # the solver's first Newton step, started from (w, b)
    model = REF(solver="newton")
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = next(model._newton_steps(X1, y, np.append(w, b), np.zeros(len(w) + 1), 1))
    return theta[:-1], float(theta[-1])
""",
    ),
}
