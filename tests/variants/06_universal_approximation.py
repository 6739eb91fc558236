"""Wrong and alternative correct answers to the exercises of unit 06 (universal approximation).

Each source replaces the exercise's answer cell; it runs after the notebook's setup cell, so
``np``, ``reference_sigmoid`` and ``reference_relu`` are available.
"""

BUMP_WEIGHTS = {
    "wrong: the factor 2 forgotten (only one step leaks at a time)": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: |h| left out of the bound, w = log(2 / tol) / margin": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: h instead of |h|, NaN for a negative height": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * h / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: biases not scaled by w": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-s1, -s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: far too steep, a fixed w = 1e6": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = 1e6
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: the step at s2 added, not subtracted": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: the ideal box returned instead of the network's output": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    return params, np.where((x >= s1) & (x < s2), float(h), 0.0)
""",
    "wrong: the forward pass forgets the hidden biases": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"])
    return params, (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: the sigmoid applied to the output as well": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, reference_sigmoid(hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: the output returned as a column of shape (N, 1)": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, hidden @ params["W2"] + params["b2"]
""",
    "wrong: the output weights summed instead of used per unit": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return params, hidden.sum(axis=1) * params["W2"].sum() + params["b2"][0]
""",
    "wrong: the output alone, no weights": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "correct: the exact bound with sigma, solved by bisection": """
def bump_weights(s1, s2, h, margin, tol, x):
    def leak(w):
        return 2 * abs(h) * reference_sigmoid(-w * margin)
    low, high = 0.0, np.log(2 * abs(h) / tol) / margin
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (low, middle) if leak(middle) <= tol else (middle, high)
    w = high
    params = {"W1": np.full((1, 2), w), "b1": -w * np.array([s1, s2]),
              "W2": np.array([[1.0], [-1.0]]) * h, "b2": np.array([0.0])}
    hidden = reference_sigmoid(np.outer(x, params["W1"]) + params["b1"])
    return params, np.einsum("nh,h->n", hidden, params["W2"][:, 0]) + params["b2"][0]
""",
    "correct: the steps' order swapped, mirrored units, a loop over the units": """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s2, -w * s1]),
              "W2": np.array([[-h], [h]], dtype=float), "b2": np.zeros(1)}
    output = np.full(len(x), float(params["b2"][0]))
    for j in range(2):
        unit = reference_sigmoid(params["W1"][0, j] * x + params["b1"][j])
        output = output + params["W2"][j, 0] * unit
    return params, output
""",
}

BUMP_NETWORK = {
    "wrong: outermost steps left at the ends of the interval": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    steps = np.concatenate([edges[:-1], edges[1:]])
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * steps,
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "wrong: off by one, each bump as tall as the next piece's midpoint": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[1:] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "wrong: biases not scaled by w (b = -s)": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "wrong: interval ignored, always [0, 1]": """
def bump_network(f, n_bumps, interval, w):
    delta = 1.0 / n_bumps
    edges = delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "wrong: column-form shapes, W1 (2N, 1) and W2 (1, 2N)": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((2 * n_bumps, 1), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[None, :], "b2": np.zeros(1)}
""",
    "wrong: output weights with the signs swapped": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([-heights, heights])[:, None], "b2": np.zeros(1)}
""",
    "correct: bumps centred on np.linspace(a, b, n_bumps), heights f at the centres": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    centres = np.linspace(a, b, n_bumps)
    delta = (b - a) / max(n_bumps - 1, 1)
    starts, ends = centres - delta / 2, centres + delta / 2
    heights = f(centres)
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "wrong: steps steeper than the given w": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    w = 10.0 * w
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    heights = f(edges[:-1] + delta / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= delta
    ends[-1] += delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
    "correct: a loop, units interleaved bump by bump, heights at the left ends": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    W1, b1, W2 = [], [], []
    for k in range(n_bumps):
        left, right = a + k * delta, a + (k + 1) * delta
        height = float(f(np.array([left]))[0])
        start = left - delta if k == 0 else left
        end = right + delta if k == n_bumps - 1 else right
        W1 += [w, w]
        b1 += [-w * start, -w * end]
        W2 += [height, -height]
    return {"W1": np.array([W1], dtype=float), "b1": np.array(b1, dtype=float),
            "W2": np.array(W2, dtype=float)[:, None], "b2": np.array([0.0])}
""",
    "correct: falling units with weight -w, the output bias makes up for them": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = np.linspace(a, b, n_bumps + 1)
    heights = f((edges[:-1] + edges[1:]) / 2)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0], ends[-1] = a - delta, b + delta
    # h (s(w (x - e)) ) = h - h s(-w (x - e)): the subtracted steps become falling units
    return {"W1": np.concatenate([np.full(n_bumps, w), np.full(n_bumps, -w)])[None, :],
            "b1": np.concatenate([-w * starts, w * ends]),
            "W2": np.concatenate([heights, heights])[:, None],
            "b2": np.array([-heights.sum()])}
""",
    "correct: heights are the mean of f over each piece, outer steps far out": """
def bump_network(f, n_bumps, interval, w):
    a, b = interval
    delta = (b - a) / n_bumps
    edges = a + delta * np.arange(n_bumps + 1)
    samples = edges[:-1, None] + delta * np.linspace(0.0, 1.0, 11)[None, :]
    heights = f(samples.ravel()).reshape(samples.shape).mean(axis=1)
    starts, ends = edges[:-1].copy(), edges[1:].copy()
    starts[0] -= 3 * delta
    ends[-1] += 3 * delta
    return {"W1": np.full((1, 2 * n_bumps), float(w)), "b1": -w * np.concatenate([starts, ends]),
            "W2": np.concatenate([heights, -heights])[:, None], "b2": np.zeros(1)}
""",
}

RELU_INTERPOLANT = {
    "wrong: output weights are the slopes, not their changes": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    return {"W1": np.ones((1, len(knots) - 1)), "b1": -knots[:-1],
            "W2": slopes[:, None], "b2": values[:1]}
""",
    "wrong: output bias f(t_0) forgotten": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    return {"W1": np.ones((1, len(knots) - 1)), "b1": -knots[:-1],
            "W2": np.diff(slopes, prepend=0.0)[:, None], "b2": np.zeros(1)}
""",
    "wrong: assumes evenly spaced knots": """
def relu_interpolant(f, knots):
    values = f(knots)
    spacing = (knots[-1] - knots[0]) / (len(knots) - 1)
    slopes = np.diff(values) / spacing
    return {"W1": np.ones((1, len(knots) - 1)), "b1": -knots[:-1],
            "W2": np.diff(slopes, prepend=0.0)[:, None], "b2": values[:1]}
""",
    "wrong: off by one, the units sit at t_1 ... t_(K-1)": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    return {"W1": np.ones((1, len(knots) - 1)), "b1": -knots[1:],
            "W2": np.diff(slopes, prepend=0.0)[:, None], "b2": values[:1]}
""",
    "wrong: biases +t instead of -t": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    return {"W1": np.ones((1, len(knots) - 1)), "b1": knots[:-1].copy(),
            "W2": np.diff(slopes, prepend=0.0)[:, None], "b2": values[:1]}
""",
    "wrong: one unit too many, a ReLU at every knot": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    changes = np.append(np.diff(slopes, prepend=0.0), 0.0)
    return {"W1": np.ones((1, len(knots))), "b1": -knots.astype(float),
            "W2": changes[:, None], "b2": values[:1]}
""",
    "wrong: column-form shapes, W1 (K - 1, 1)": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    return {"W1": np.ones((len(knots) - 1, 1)), "b1": -knots[:-1],
            "W2": np.diff(slopes, prepend=0.0)[:, None], "b2": values[:1]}
""",
    "correct: built from the right end with falling units relu(t_j - x)": """
def relu_interpolant(f, knots):
    values = f(knots)
    slopes = np.diff(values) / np.diff(knots)
    # relu(t_j - x) has slope -1 left of t_j: seen from the right end, each unit changes
    # the slope by its weight, with the sign reversed
    changes = np.diff(slopes, append=0.0)
    return {"W1": -np.ones((1, len(knots) - 1)), "b1": knots[1:].astype(float),
            "W2": changes[:, None], "b2": values[-1:].astype(float)}
""",
    "correct: a loop collapsing the hats knot by knot": """
def relu_interpolant(f, knots):
    t = [float(v) for v in knots]
    values = [float(v) for v in f(np.array(t))]
    W2, previous_slope = [], 0.0
    for j in range(len(t) - 1):
        slope = (values[j + 1] - values[j]) / (t[j + 1] - t[j])
        W2.append(slope - previous_slope)
        previous_slope = slope
    return {"W1": np.ones((1, len(t) - 1)), "b1": -np.array(t[:-1]),
            "W2": np.array(W2)[:, None], "b2": np.array([values[0]])}
""",
}

COUNT_LINEAR_PIECES = {
    "wrong: counts the kinks, not the pieces": """
def count_linear_pieces(y, x):
    slopes = np.diff(y) / np.diff(x)
    return int(np.count_nonzero(np.abs(np.diff(slopes)) > 1e-6 * np.max(np.abs(slopes))))
""",
    "wrong: compares slopes exactly": """
def count_linear_pieces(y, x):
    slopes = np.diff(y) / np.diff(x)
    return int(np.count_nonzero(np.diff(slopes) != 0)) + 1
""",
    "wrong: counts only changes of the slope's sign": """
def count_linear_pieces(y, x):
    signs = np.sign(np.diff(y))
    return int(np.count_nonzero(np.diff(signs) != 0)) + 1
""",
    "wrong: differences of y without dividing by the spacing": """
def count_linear_pieces(y, x):
    steps = np.diff(y)
    return int(np.count_nonzero(np.abs(np.diff(steps)) > 1e-6 * np.max(np.abs(steps)))) + 1
""",
    "wrong: a fixed absolute tolerance of 1e-3": """
def count_linear_pieces(y, x):
    slopes = np.diff(y) / np.diff(x)
    return int(np.count_nonzero(np.abs(np.diff(slopes)) > 1e-3)) + 1
""",
    "correct: np.isclose on neighbouring slopes, as a float count": """
def count_linear_pieces(y, x):
    slopes = np.diff(y) / np.diff(x)
    same = np.isclose(slopes[1:], slopes[:-1], rtol=1e-7, atol=1e-9 * np.max(np.abs(slopes)))
    return float(np.sum(~same) + 1)
""",
    "correct: a loop that starts a new piece when the slope moves away": """
def count_linear_pieces(y, x):
    slopes = [(y[i + 1] - y[i]) / (x[i + 1] - x[i]) for i in range(len(x) - 1)]
    tolerance = 1e-7 * max(abs(s) for s in slopes)
    pieces = 1
    for previous, current in zip(slopes[:-1], slopes[1:]):
        if abs(current - previous) > tolerance:
            pieces += 1
    return pieces
""",
    "correct: counts the changes with course_lib.activations.step (unit 01's reference)": """
from course_lib.activations import step


def count_linear_pieces(y, x):
    slopes = np.diff(y) / np.diff(x)
    changes = step(np.abs(np.diff(slopes)) - 1e-6 * np.max(np.abs(slopes)))
    return int(changes.sum()) + 1
""",
}

SGD_MOMENTUM = {
    "wrong: velocity updated in place inside config": """
def sgd_momentum(w, dw, config):
    velocity = config.setdefault("velocity", np.zeros_like(w))
    velocity *= config["momentum"]
    velocity -= config["learning_rate"] * dw
    return w + velocity, config
""",
    "wrong: w changed in place": """
def sgd_momentum(w, dw, config):
    velocity = config.get("velocity", np.zeros_like(w))
    velocity = config["momentum"] * velocity - config["learning_rate"] * dw
    w += velocity
    return w, {**config, "velocity": velocity}
""",
    "wrong: momentum applied to the gradient, not to the velocity": """
def sgd_momentum(w, dw, config):
    velocity = config.get("velocity", np.zeros_like(w))
    velocity = velocity - config["learning_rate"] * config["momentum"] * dw
    return w + velocity, {**config, "velocity": velocity}
""",
    "wrong: the velocity never kept, plain SGD every step": """
def sgd_momentum(w, dw, config):
    velocity = config["momentum"] * np.zeros_like(w) - config["learning_rate"] * dw
    return w + velocity, {**config, "velocity": velocity}
""",
    "wrong: the step taken before the velocity is updated": """
def sgd_momentum(w, dw, config):
    velocity = config.get("velocity", np.zeros_like(w))
    next_w = w + velocity
    velocity = config["momentum"] * velocity - config["learning_rate"] * dw
    return next_w, {**config, "velocity": velocity}
""",
    "correct: a copy of config, velocity as the scaled sum": """
def sgd_momentum(w, dw, config):
    next_config = config.copy()
    previous = config["velocity"] if "velocity" in config else 0.0 * w
    next_config["velocity"] = -(config["learning_rate"] * dw) + config["momentum"] * previous
    return w + next_config["velocity"], next_config
""",
    "correct: element by element in a loop": """
def sgd_momentum(w, dw, config):
    previous = config.get("velocity", np.zeros_like(w)).ravel()
    flat_w, flat_dw = w.ravel(), dw.ravel()
    velocity, next_w = np.empty_like(flat_w), np.empty_like(flat_w)
    for i in range(flat_w.size):
        velocity[i] = config["momentum"] * previous[i] - config["learning_rate"] * flat_dw[i]
        next_w[i] = flat_w[i] + velocity[i]
    return next_w.reshape(w.shape), {**config, "velocity": velocity.reshape(w.shape)}
""",
}

ADAM = {
    "wrong: no bias correction": """
def adam(w, dw, config):
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw**2
    next_w = w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"])
    return next_w, {**config, "m": m, "v": v, "t": t}
""",
    "wrong: the square of the gradient forgotten in v": """
def adam(w, dw, config):
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * np.abs(dw)
    m_hat, v_hat = m / (1 - config["beta1"] ** t), v / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, {**config, "m": m, "v": v, "t": t}
""",
    "wrong: beta and 1 - beta swapped in the averages": """
def adam(w, dw, config):
    t = config.get("t", 0) + 1
    m = (1 - config["beta1"]) * config.get("m", np.zeros_like(w)) + config["beta1"] * dw
    v = (1 - config["beta2"]) * config.get("v", np.zeros_like(w)) + config["beta2"] * dw**2
    m_hat, v_hat = m / (1 - config["beta1"] ** t), v / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, {**config, "m": m, "v": v, "t": t}
""",
    "wrong: t not counted up in the returned config": """
def adam(w, dw, config):
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw**2
    m_hat, v_hat = m / (1 - config["beta1"] ** t), v / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, {**config, "m": m, "v": v, "t": config.get("t", 0)}
""",
    "wrong: m and v updated in place in config": """
def adam(w, dw, config):
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    t = config.get("t", 0) + 1
    config["m"] *= config["beta1"]
    config["m"] += (1 - config["beta1"]) * dw
    config["v"] *= config["beta2"]
    config["v"] += (1 - config["beta2"]) * dw**2
    m_hat = config["m"] / (1 - config["beta1"] ** t)
    v_hat = config["v"] / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return next_w, {**config, "t": t}
""",
    "correct: the bias correction folded into the learning rate": """
def adam(w, dw, config):
    b1, b2, t = config["beta1"], config["beta2"], config.get("t", 0) + 1
    m = b1 * config["m"] + (1 - b1) * dw if "m" in config else (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw * dw if "v" in config else (1 - b2) * dw * dw
    v_hat = v / (1 - b2**t)
    rate = config["learning_rate"] / (1 - b1**t)
    next_config = dict(config)
    next_config.update(m=m, v=v, t=t)
    return w - rate * m / (v_hat**0.5 + config["epsilon"]), next_config
""",
}

CHOSEN_SETTINGS = {
    "wrong: the earlier settings, which miss the target": """
def chosen_settings():
    return {"hidden_units": 40, "activation": "sigmoid", "optimizer": "sgd", "lr": 0.1,
            "momentum": 0.9, "epochs": 500, "batch_size": 20}
""",
    "wrong: too many hidden units": """
def chosen_settings():
    return {"hidden_units": 64, "activation": "tanh", "optimizer": "adam", "lr": 0.02,
            "momentum": 0.0, "epochs": 4000, "batch_size": 200}
""",
    "wrong: epochs as a float": """
def chosen_settings():
    return {"hidden_units": 10, "activation": "tanh", "optimizer": "adam", "lr": 0.02,
            "momentum": 0.0, "epochs": 4000.0, "batch_size": 200}
""",
    "wrong: too many updates with small minibatches": """
def chosen_settings():
    return {"hidden_units": 10, "activation": "tanh", "optimizer": "adam", "lr": 0.02,
            "momentum": 0.0, "epochs": 4000, "batch_size": 20}
""",
    "wrong: momentum given to Adam": """
def chosen_settings():
    return {"hidden_units": 10, "activation": "tanh", "optimizer": "adam", "lr": 0.02,
            "momentum": 0.9, "epochs": 4000, "batch_size": 200}
""",
    "wrong: Adam with minibatches and a small rate, short of the target": """
def chosen_settings():
    return {"hidden_units": 40, "activation": "tanh", "optimizer": "adam", "lr": 0.005,
            "momentum": 0.0, "epochs": 2500, "batch_size": 50}
""",
    "correct: 20 sigmoid units with Adam": """
def chosen_settings():
    return {"hidden_units": 20, "activation": "sigmoid", "optimizer": "adam", "lr": 0.02,
            "momentum": 0.0, "epochs": 5000, "batch_size": 200}
""",
    "correct: 10 tanh units, full-batch SGD with momentum 0.95": """
def chosen_settings():
    settings = dict(hidden_units=10, activation="tanh", optimizer="sgd")
    settings.update(lr=0.3, momentum=0.95, epochs=5000, batch_size=200)
    return settings
""",
}

TENT_NETWORK = {
    "wrong: the fold layer repeated, not merged with the combination": """
def tent_network(k):
    fold = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    middle = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -0.5]))
    return [fold] + [middle] * (k - 1) + [(np.array([[2.0], [-4.0]]), np.zeros(1))]
""",
    "wrong: merged weights transposed": """
def tent_network(k):
    fold = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    middle = (np.array([[2.0, -4.0], [2.0, -4.0]]), np.array([0.0, -0.5]))
    return [fold] + [middle] * (k - 1) + [(np.array([[2.0], [-4.0]]), np.zeros(1))]
""",
    "wrong: the merged bias forgotten": """
def tent_network(k):
    fold = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    middle = (np.array([[2.0, 2.0], [-4.0, -4.0]]), np.zeros(2))
    return [fold] + [middle] * (k - 1) + [(np.array([[2.0], [-4.0]]), np.zeros(1))]
""",
    "wrong: one layer too many, T^(k+1)": """
def tent_network(k):
    fold = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    middle = (np.array([[2.0, 2.0], [-4.0, -4.0]]), np.array([0.0, -0.5]))
    return [fold] + [middle] * k + [(np.array([[2.0], [-4.0]]), np.zeros(1))]
""",
    "wrong: the output weights 2 and -2, a ramp instead of a tent": """
def tent_network(k):
    fold = (np.array([[1.0, 1.0]]), np.array([0.0, -0.5]))
    middle = (np.array([[2.0, 2.0], [-2.0, -2.0]]), np.array([0.0, -0.5]))
    return [fold] + [middle] * (k - 1) + [(np.array([[2.0], [-2.0]]), np.zeros(1))]
""",
    "correct: the merge computed with np.outer, the units in the other order": """
def tent_network(k):
    fold_W, fold_b = np.array([[1.0, 1.0]]), np.array([-0.5, 0.0])
    combine = np.array([[-4.0], [2.0]])
    layers = [(fold_W, fold_b)]
    for _ in range(k - 1):
        layers.append((np.outer(combine[:, 0], fold_W[0]), fold_b.copy()))
    layers.append((combine, np.array([0.0])))
    return layers
""",
    "correct: written out layer by layer in one loop": """
def tent_network(k):
    layers = []
    for i in range(k):
        rows = 1 if i == 0 else 2
        W = np.ones((1, 2)) if i == 0 else np.array([[2.0, 2.0], [-4.0, -4.0]])
        layers.append((W.reshape(rows, 2), np.array([0.0, -0.5])))
    layers.append((np.array([[2.0], [-4.0]]), np.zeros(1)))
    return layers
""",
}

VARIANTS = {
    "bump_weights": BUMP_WEIGHTS,
    "bump_network": BUMP_NETWORK,
    "relu_interpolant": RELU_INTERPOLANT,
    "sgd_momentum": SGD_MOMENTUM,
    "adam": ADAM,
    "match_construction": CHOSEN_SETTINGS,
    "count_linear_pieces": COUNT_LINEAR_PIECES,
    "tent_network": TENT_NETWORK,
}

#: grade_id -> (a reference of the exercise, an answer that passes only through it, with REF).
#: The exercises without a reference in course_lib have no entry.
BORROWED = {
    "bump_weights": (
        "course_lib.layers.Linear",
        """
def bump_weights(s1, s2, h, margin, tol, x):
    w = np.log(2 * abs(h) / tol) / margin
    params = {"W1": np.array([[w, w]]), "b1": np.array([-w * s1, -w * s2]),
              "W2": np.array([[h], [-h]], dtype=float), "b2": np.zeros(1)}
    hidden = REF(1, 2, rng=0)
    hidden.params["W"][...] = params["W1"]
    hidden.params["b"][...] = params["b1"]
    output = REF(2, 1, rng=0)
    output.params["W"][...] = params["W2"]
    output.params["b"][...] = params["b2"]
    return params, output.forward(reference_sigmoid(hidden.forward(x[:, None])))[:, 0]
""",
    ),
    "sgd_momentum": (
        "course_lib.optim.sgd_momentum",
        """
def sgd_momentum(w, dw, config):
    return REF(w, dw, config)
""",
    ),
    "adam": (
        "course_lib.optim.adam",
        """
def adam(w, dw, config):
    return REF(w, dw, config)
""",
    ),
}
