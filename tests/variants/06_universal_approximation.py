"""Wrong and alternative correct answers to the exercises of unit 06 (universal approximation).

Each source replaces the exercise's answer cell; it runs after the notebook's setup cell, so
``np``, ``reference_sigmoid`` and ``reference_relu`` are available.
"""

SIGMOID_STEP = {
    "wrong: bias not scaled by w, sigma(w x - s)": """
def sigmoid_step(x, s, w):
    return reference_sigmoid(w * x - s)
""",
    "wrong: step mirrored, sigma(w (s - x))": """
def sigmoid_step(x, s, w):
    return reference_sigmoid(w * (s - x))
""",
    "wrong: sign of the bias, sigma(w (x + s))": """
def sigmoid_step(x, s, w):
    return reference_sigmoid(w * (x + s))
""",
    "wrong: a hard step instead of a sigmoid": """
def sigmoid_step(x, s, w):
    return (x > s).astype(float)
""",
    "wrong: steepness ignored, sigma(x - s)": """
def sigmoid_step(x, s, w):
    return reference_sigmoid(x - s)
""",
    "correct: the textbook formula, which overflows harmlessly": """
def sigmoid_step(x, s, w):
    return 1.0 / (1.0 + np.exp(-w * (x - s)))
""",
    "correct: through tanh, (1 + tanh(a / 2)) / 2": """
def sigmoid_step(x, s, w):
    return 0.5 * (1.0 + np.tanh(0.5 * w * (x - s)))
""",
    "correct: course_lib.activations.sigmoid by its own name (unit 02's reference)": """
from course_lib.activations import sigmoid


def sigmoid_step(x, s, w):
    return sigmoid(w * (x - s))
""",
}

BUMP = {
    "wrong: the steps added instead of subtracted": """
def bump(x, s1, s2, h, w):
    return h * (reference_sigmoid(w * (x - s1)) + reference_sigmoid(w * (x - s2)))
""",
    "wrong: upside down, second step minus first": """
def bump(x, s1, s2, h, w):
    return h * (reference_sigmoid(w * (x - s2)) - reference_sigmoid(w * (x - s1)))
""",
    "wrong: height applied to the first step only": """
def bump(x, s1, s2, h, w):
    return h * reference_sigmoid(w * (x - s1)) - reference_sigmoid(w * (x - s2))
""",
    "wrong: height forgotten": """
def bump(x, s1, s2, h, w):
    return reference_sigmoid(w * (x - s1)) - reference_sigmoid(w * (x - s2))
""",
    "wrong: product of the steps, not a difference": """
def bump(x, s1, s2, h, w):
    return h * reference_sigmoid(w * (x - s1)) * (1.0 - reference_sigmoid(w * (x - s2)))
""",
    "correct: the same difference written with mirrored sigmoids": """
def bump(x, s1, s2, h, w):
    return h * (reference_sigmoid(w * (s2 - x)) - reference_sigmoid(w * (s1 - x)))
""",
    "correct: a loop over the two units with their weights": """
def bump(x, s1, s2, h, w):
    total = np.zeros(np.shape(x))
    for step_at, out_weight in [(s1, h), (s2, -h)]:
        total = total + out_weight * 0.5 * (1.0 + np.tanh(0.5 * (w * x - w * step_at)))
    return total
""",
}

NETWORK_PREDICT = {
    "wrong: output bias forgotten": """
def network_predict(params, x, activation):
    hidden = activation(x[:, None] @ params["W1"] + params["b1"])
    return (hidden @ params["W2"])[:, 0]
""",
    "wrong: hidden bias forgotten": """
def network_predict(params, x, activation):
    hidden = activation(x[:, None] @ params["W1"])
    return (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: activation applied to the output as well": """
def network_predict(params, x, activation):
    hidden = activation(x[:, None] @ params["W1"] + params["b1"])
    return activation(hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: always a sigmoid, whatever activation is given": """
def network_predict(params, x, activation):
    hidden = reference_sigmoid(x[:, None] @ params["W1"] + params["b1"])
    return (hidden @ params["W2"] + params["b2"])[:, 0]
""",
    "wrong: returns a column of shape (N, 1)": """
def network_predict(params, x, activation):
    hidden = activation(x[:, None] @ params["W1"] + params["b1"])
    return hidden @ params["W2"] + params["b2"]
""",
    "wrong: output weights summed instead of used per unit": """
def network_predict(params, x, activation):
    hidden = activation(x[:, None] @ params["W1"] + params["b1"])
    return hidden.sum(axis=1) * params["W2"].sum() + params["b2"][0]
""",
    "correct: a loop over the hidden units": """
def network_predict(params, x, activation):
    output = np.full(len(x), float(params["b2"][0]))
    for j in range(params["W1"].shape[1]):
        unit = activation(params["W1"][0, j] * x + params["b1"][j])
        output = output + params["W2"][j, 0] * unit
    return output
""",
    "correct: outer product and einsum": """
def network_predict(params, x, activation):
    hidden = activation(np.outer(x, params["W1"]) + params["b1"])
    return np.einsum("nh,h->n", hidden, params["W2"][:, 0]) + params["b2"][0]
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

TENT_COMPOSITION = {
    "wrong: applied k - 1 times": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    for _ in range(k - 1):
        y = 2 * reference_relu(y) - 4 * reference_relu(y - 0.5)
    return y
""",
    "wrong: applied k + 1 times": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    for _ in range(k + 1):
        y = 2 * reference_relu(y) - 4 * reference_relu(y - 0.5)
    return y
""",
    "wrong: second unit weighted -2, a ramp that flattens instead of a tent": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    for _ in range(k):
        y = 2 * reference_relu(y) - 2 * reference_relu(y - 0.5)
    return y
""",
    "wrong: the doubling map 2x mod 1 instead of the tent": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    for _ in range(k):
        y = np.mod(2 * y, 1.0)
    return y
""",
    "wrong: a single tent whatever k is": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    return 2 * np.minimum(y, 1 - y)
""",
    "correct: 1 - |2y - 1| in a loop": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    for _ in range(k):
        y = 1.0 - np.abs(2.0 * y - 1.0)
    return y
""",
    "correct: closed form T(frac(2^(k-1) x))": """
def tent_composition(x, k):
    y = np.array(x, dtype=float)
    if k == 0:
        return y
    folded = np.mod(2.0 ** (k - 1) * y, 1.0)
    return 2 * np.minimum(folded, 1 - folded)
""",
    "correct: course_lib's ReLU layer as the units (unit 05's reference)": """
from course_lib.layers import ReLU


def tent_composition(x, k):
    units = ReLU()
    y = np.array(x, dtype=float)
    for _ in range(k):
        y = 2 * units.forward(y) - 4 * units.forward(y - 0.5)
    return y
""",
}

VARIANTS = {
    "sigmoid_step": SIGMOID_STEP,
    "bump": BUMP,
    "network_predict": NETWORK_PREDICT,
    "bump_network": BUMP_NETWORK,
    "relu_interpolant": RELU_INTERPOLANT,
    "count_linear_pieces": COUNT_LINEAR_PIECES,
    "tent_composition": TENT_COMPOSITION,
}

#: grade_id -> (a reference of the exercise, an answer that passes only through it, with REF).
#: bump_network, relu_interpolant and count_linear_pieces have no reference in course_lib.
BORROWED = {
    "sigmoid_step": (
        "course_lib.linear_models.LogisticRegression",
        """
def sigmoid_step(x, s, w):
    unit = REF()
    unit.coef_ = np.array([float(w)])
    unit.intercept_ = -float(w) * s
    return unit.predict_proba(np.reshape(x, (-1, 1))).reshape(np.shape(x))
""",
    ),
    "bump": (
        "course_lib.layers.Linear",
        """
def bump(x, s1, s2, h, w):
    x = np.asarray(x, dtype=float)
    steps = REF(1, 2, rng=0)
    steps.params["W"][...] = [[w, w]]
    steps.params["b"][...] = [-w * s1, -w * s2]
    units = reference_sigmoid(steps.forward(x.reshape(-1, 1)))
    return (h * (units[:, 0] - units[:, 1])).reshape(x.shape)
""",
    ),
    "network_predict": (
        "course_lib.layers.Linear",
        """
def network_predict(params, x, activation):
    hidden = REF(1, params["W1"].shape[1], rng=0)
    hidden.params["W"][...] = params["W1"]
    hidden.params["b"][...] = params["b1"]
    output = REF(params["W2"].shape[0], 1, rng=0)
    output.params["W"][...] = params["W2"]
    output.params["b"][...] = params["b2"]
    return output.forward(activation(hidden.forward(x[:, None])))[:, 0]
""",
    ),
    "tent_composition": (
        "course_lib.layers.Linear",
        """
def tent_composition(x, k):
    fold = REF(1, 2, rng=0)
    fold.params["W"][...] = [[1.0, 1.0]]
    fold.params["b"][...] = [0.0, -0.5]
    combine = REF(2, 1, rng=0)
    combine.params["W"][...] = [[2.0], [-4.0]]
    y = np.array(x, dtype=float)[:, None]
    for _ in range(k):
        y = combine.forward(reference_relu(fold.forward(y)))
    return y[:, 0]
""",
    ),
}
