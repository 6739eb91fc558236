"""Wrong and alternative correct answers to the exercises of unit 04 (computation graphs and
automatic differentiation).

Most wrong answers are a correct answer with one typical mistake put in by `_mistake`, which
refuses an edit whose text is not found exactly once, so a variant cannot silently stay a
copy of the correct answer. The sources run after the notebook's setup cell (``math``,
numpy as ``np``, ``Value`` and ``reference_topological_order`` from course_lib.engine,
``value_nn`` from course_lib).

``BORROWED`` holds, per exercise, an answer that works only through one of the exercise's
references in course_lib (`tests/borrowing.py` turns it into one answer per route).
"""

from __future__ import annotations


def _mistake(source: str, old: str, new: str) -> str:
    """``source`` with the one occurrence of ``old`` replaced by ``new``."""
    if source.count(old) != 1:
        raise ValueError(f"the text to replace must occur exactly once in the source: {old!r}")
    return source.replace(old, new)


# --- unary_local_grad --------------------------------------------------------------------

UNARY = """
def unary_local_grad(op, x, out):
    if op == "neg":
        return -1.0
    if op == "exp":
        return out
    if op == "log":
        return 1.0 / x
    if op == "sin":
        return math.cos(x)
    if op == "cos":
        return -math.sin(x)
    if op == "tanh":
        return 1.0 - out * out
    if op == "sigmoid":
        return out * (1.0 - out)
    if op == "relu":
        return 1.0 if x > 0 else 0.0
    raise ValueError(op)
"""

UNARY_FROM_INPUT = """
def unary_local_grad(op, x, out):
    # everything recomputed from the input x, with other (equivalent) formulas
    slopes = {
        "neg": lambda: -1,
        "exp": lambda: math.exp(x),
        "log": lambda: 1 / x,
        "sin": lambda: math.cos(x),
        "cos": lambda: -math.sin(x),
        "tanh": lambda: 1 / math.cosh(x) ** 2,
        "sigmoid": lambda: math.exp(-x) / (1 + math.exp(-x)) ** 2,
        "relu": lambda: float(x >= 0),
    }
    return slopes[op]()
"""

# --- sigmoid_neuron_grads ----------------------------------------------------------------

NEURON = """
def sigmoid_neuron_grads(w, x):
    a = float(w[:-1] @ x + w[-1])
    if a >= 0:
        out = 1.0 / (1.0 + math.exp(-a))
    else:
        out = math.exp(a) / (1.0 + math.exp(a))
    local = out * (1.0 - out)
    dw = local * np.append(x, 1.0)
    dx = local * w[:-1]
    return out, dw, dx
"""

NEURON_LOOPS = """
def sigmoid_neuron_grads(w, x):
    a = w[-1]
    for i in range(len(x)):
        a += w[i] * x[i]
    out = 0.5 * (1.0 + math.tanh(0.5 * a))  # the sigmoid through tanh: never overflows
    local = out * (1.0 - out)
    dw = np.zeros(len(w))
    dx = np.zeros(len(x))
    for i in range(len(x)):
        dw[i] = local * x[i]
        dx[i] = local * w[i]
    dw[-1] = local
    return float(out), dw, dx
"""

NEURON_ENGINE = """
def sigmoid_neuron_grads(w, x):
    # the same pass done by course_lib's engine, which is off limits for this exercise
    weights = [Value(float(v)) for v in w]
    inputs = [Value(float(v)) for v in x]
    a = weights[-1]
    for w_i, x_i in zip(weights[:-1], inputs):
        a = a + w_i * x_i
    out = a.sigmoid()
    out.backward()
    return out.data, np.array([v.grad for v in weights]), np.array([v.grad for v in inputs])
"""

# --- binary_local_grads ------------------------------------------------------------------

BINARY = """
def binary_local_grads(op, a, b, out):
    if op == "+":
        return 1.0, 1.0
    if op == "-":
        return 1.0, -1.0
    if op == "*":
        return b, a
    if op == "/":
        return 1.0 / b, -out / b
    if op == "**":
        return b * a ** (b - 1.0), out * math.log(a)
    if op == "max":
        return (1.0, 0.0) if a >= b else (0.0, 1.0)
    raise ValueError(op)
"""

BINARY_TABLE = """
def binary_local_grads(op, a, b, out):
    # recomputed from the inputs; a tie in max split in halves; a list instead of a tuple
    table = {
        "+": lambda: [1, 1],
        "-": lambda: [1, -1],
        "*": lambda: [b, a],
        "/": lambda: [1 / b, -a / (b * b)],
        "**": lambda: [b * a ** (b - 1), a**b * math.log(a)],
        "max": lambda: [float(a > b) + 0.5 * (a == b), float(b > a) + 0.5 * (a == b)],
    }
    return table[op]()
"""

# --- topological_order -------------------------------------------------------------------

TOPO = """
def topological_order(root):
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            for child in node._prev:
                if child not in visited:
                    stack.append((child, False))
    return order
"""

TOPO_KAHN = """
def topological_order(root):
    # Kahn's algorithm: count each node's users, release a node when all its users are done
    users = {root: 0}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node._prev:
            if child not in users:
                users[child] = 0
                stack.append(child)
            users[child] += 1
    ready, order = [root], []
    while ready:
        node = ready.pop()
        order.append(node)
        for child in node._prev:
            users[child] -= 1
            if users[child] == 0:
                ready.append(child)
    order.reverse()
    return order
"""

TOPO_ITERATORS = """
def topological_order(root):
    # a stack of (node, iterator over its inputs), as a recursive search would keep
    order, visited = [], {root}
    stack = [(root, iter(root._prev))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            order.append(node)
        elif child not in visited:
            visited.add(child)
            stack.append((child, iter(child._prev)))
    return order
"""

TOPO_RECURSIVE = """
def topological_order(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    return order
"""

TOPO_REVERSED_BFS = """
def topological_order(root):
    # breadth-first from the output, then reversed: wrong when paths have different lengths
    order, seen, queue = [], {root}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for child in node._prev:
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return order[::-1]
"""

# --- backward ----------------------------------------------------------------------------

BACKWARD = """
def backward(root):
    root.grad = 1.0
    for node in reversed(reference_topological_order(root)):
        for child, local in zip(node._prev, node._local_grads):
            child.grad += local * node.grad
"""

BACKWARD_LIBRARY_ORDER = """
import course_lib.engine


def backward(root):
    # the order from course_lib.engine.topological_order, the reference of exercise 5
    # (not of this one), reached as a module attribute
    root.grad = 1.0
    for node in course_lib.engine.topological_order(root)[::-1]:
        for child, local in zip(node._prev, node._local_grads):
            child.grad += local * node.grad
"""

BACKWARD_KAHN = """
def backward(root):
    # its own order (users counted, Kahn's algorithm), gradients gathered in a dict first
    users, stack = {root: 0}, [root]
    while stack:
        node = stack.pop()
        for child in node._prev:
            if child not in users:
                users[child] = 0
                stack.append(child)
            users[child] += 1
    grads = {root: 1.0}
    ready = [root]
    while ready:
        node = ready.pop()
        for child, local in zip(node._prev, node._local_grads):
            grads[child] = grads.get(child, 0.0) + local * grads[node]
            users[child] -= 1
            if users[child] == 0:
                ready.append(child)
    for node, grad in grads.items():
        node.grad += grad
"""

BACKWARD_INDEXED = """
def backward(root):
    order = reference_topological_order(root)
    order[-1].grad = 1.0
    for k in range(len(order) - 1, -1, -1):
        node = order[k]
        for i in range(len(node._prev)):
            node._prev[i].grad = node._prev[i].grad + node._local_grads[i] * node.grad
"""

BACKWARD_RECURSIVE_PATHS = """
def backward(root):
    # the chain rule path by path, recursively: right, but exponential and too deep
    def push(node, upstream):
        node.grad += upstream
        for child, local in zip(node._prev, node._local_grads):
            push(child, local * upstream)

    push(root, 1.0)
"""

# --- mlp_forward ---------------------------------------------------------------------------

FORWARD = """
def mlp_forward(params, x):
    activations = list(x)
    for k, layer in enumerate(params):
        outputs = []
        for row, bias in zip(layer["W"], layer["b"], strict=True):
            total = bias
            for weight, a in zip(row, activations, strict=True):
                total = total + weight * a
            outputs.append(total if k == len(params) - 1 else total.tanh())
        activations = outputs
    return activations[0]
"""

FORWARD_RECURSIVE_SUM = """
def mlp_forward(params, x):
    # one layer at a time, sum() with the bias as its start, inputs on the left
    def layer_out(layer, inputs, last):
        units = [sum((a * w for w, a in zip(row, inputs)), bias)
                 for row, bias in zip(layer["W"], layer["b"])]
        return units if last else [u.tanh() for u in units]

    outputs = list(x)
    for k in range(len(params)):
        outputs = layer_out(params[k], outputs, k == len(params) - 1)
    (logit,) = outputs
    return logit
"""

FORWARD_TANH_BY_EXP = """
def mlp_forward(params, x):
    # tanh written as (e^{2s} - 1) / (e^{2s} + 1) of Value nodes, kept in range
    def tanh(s):
        if s.data > 0:
            e = (s * -2.0).exp()
            return (1.0 - e) / (1.0 + e)
        e = (s * 2.0).exp()
        return (e - 1.0) / (e + 1.0)

    activations = list(x)
    for k, layer in enumerate(params):
        new = []
        for j in range(len(layer["b"])):
            total = layer["b"][j]
            for i in range(len(activations)):
                total = total + layer["W"][j][i] * activations[i]
            new.append(total if k + 1 == len(params) else tanh(total))
        activations = new
    return activations[0]
"""

FORWARD_ON_FLOATS = """
def mlp_forward(params, x):
    # the sums computed on plain floats: the right number, but a graph without the weights
    activations = list(x)
    for k, layer in enumerate(params):
        outputs = []
        for row, bias in zip(layer["W"], layer["b"]):
            total = bias.data + sum(w.data * a for w, a in zip(row, activations))
            outputs.append(total if k == len(params) - 1 else math.tanh(total))
        activations = outputs
    return Value(activations[0])
"""

# --- fit_mlp -------------------------------------------------------------------------------

FIT = """
def fit_mlp(params, X, y, lr, steps):
    weights = value_nn.parameters(params)
    losses = []
    for _ in range(steps):
        total = Value(0.0)
        for row, label in zip(X.tolist(), y.tolist(), strict=True):
            z = value_nn.mlp_forward(params, row)
            if z.data > 0:
                softplus = z + ((-z).exp() + 1.0).log()
            else:
                softplus = (z.exp() + 1.0).log()
            total = total + softplus - z * label
        loss = total * (1.0 / len(y))
        for p in weights:
            p.grad = 0.0
        loss.backward()
        for p in weights:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses
"""

FIT_BY_LABEL = """
def fit_mlp(params, X, y, lr, steps):
    # -log s(z) for y = 1 and -log(1 - s(z)) = -log s(-z) for y = 0, each as a stable
    # softplus; zeroing through zero_grad of the loss graph; the mean as a division
    def softplus(t):  # log(1 + e^t)
        if t.data > 0:
            return t + (1.0 + (-t).exp()).log()
        return (1.0 + t.exp()).log()

    history = []
    for _ in range(steps):
        terms = []
        for n in range(len(X)):
            z = value_nn.mlp_forward(params, list(X[n]))
            terms.append(softplus(-z) if y[n] == 1 else softplus(z))
        loss = terms[0]
        for term in terms[1:]:
            loss = loss + term
        loss = loss / float(len(terms))
        loss.zero_grad()
        loss.backward()
        for p in value_nn.parameters(params):
            p.data = p.data - lr * p.grad
        history.append(float(loss.data))
    return history
"""

FIT_OWN_BACKWARD = """
def fit_mlp(params, X, y, lr, steps):
    # the backward pass written out again, over the library's topological order
    weights = value_nn.parameters(params)
    losses = []
    for _ in range(steps):
        loss = Value(0.0)
        for x, label in zip(X, y):
            z = value_nn.mlp_forward(params, [float(v) for v in x])
            softplus = (z.exp() + 1).log() if z.data <= 0 else z + ((-z).exp() + 1).log()
            loss = loss + (softplus - label * z) * (1.0 / len(X))
        order = reference_topological_order(loss)
        for node in order:
            node.grad = 0.0
        loss.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node._prev, node._local_grads):
                child.grad += local * node.grad
        for p in weights:
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses
"""


VARIANTS = {
    "unary_local_grad": {
        "correct: reference": UNARY,
        "correct: recomputed from x, other formulas, relu 1 at 0": UNARY_FROM_INPUT,
        "wrong: tanh slope from the input, 1 - x**2": _mistake(
            UNARY, "return 1.0 - out * out", "return 1.0 - x * x"
        ),
        "wrong: sigmoid slope is the output": _mistake(
            UNARY, "return out * (1.0 - out)", "return out"
        ),
        "wrong: sigmoid slope from the input, s(x)(1 - x)": _mistake(
            UNARY, "return out * (1.0 - out)", "return out * (1.0 - x)"
        ),
        "wrong: derivative of cos is +sin": _mistake(
            UNARY, "return -math.sin(x)", "return math.sin(x)"
        ),
        "wrong: derivative of log is 1 / out": _mistake(
            UNARY, "return 1.0 / x", "return 1.0 / out"
        ),
        "wrong: derivative of exp is x": _mistake(UNARY, "return out\n", "return x\n"),
        "wrong: relu slope always 1": _mistake(UNARY, "return 1.0 if x > 0 else 0.0", "return 1.0"),
        "wrong: neg slope +1": _mistake(UNARY, "return -1.0", "return 1.0"),
        "wrong: derivative of sin is -cos": _mistake(
            UNARY, "return math.cos(x)", "return -math.cos(x)"
        ),
    },
    "sigmoid_neuron_grads": {
        "correct: reference": NEURON,
        "correct: loops, sigmoid through tanh": NEURON_LOOPS,
        "wrong: local gradient s instead of s(1 - s)": _mistake(
            NEURON, "local = out * (1.0 - out)", "local = out"
        ),
        "wrong: sign of the local gradient": _mistake(
            NEURON, "local = out * (1.0 - out)", "local = -out * (1.0 - out)"
        ),
        "wrong: no bias gradient (dw of shape (D,))": _mistake(
            NEURON, "dw = local * np.append(x, 1.0)", "dw = local * x"
        ),
        "wrong: bias gradient 0": _mistake(
            NEURON, "dw = local * np.append(x, 1.0)", "dw = local * np.append(x, 0.0)"
        ),
        "wrong: multiply does not swap (dx uses x, dw uses w)": _mistake(
            _mistake(NEURON, "dw = local * np.append(x, 1.0)", "dw = local * w"),
            "dx = local * w[:-1]",
            "dx = local * x",
        ),
        "wrong: sigmoid with the sign of a flipped": _mistake(
            _mistake(NEURON, "math.exp(-a))\n", "math.exp(a))\n"),
            "math.exp(a) / (1.0 + math.exp(a))",
            "math.exp(-a) / (1.0 + math.exp(-a))",
        ),
        "wrong: bias left out of the activation": _mistake(
            NEURON, "a = float(w[:-1] @ x + w[-1])", "a = float(w[:-1] @ x)"
        ),
        "wrong: borrows course_lib's engine": NEURON_ENGINE,
    },
    "binary_local_grads": {
        "correct: reference": BINARY,
        "correct: recomputed, tie split in halves, a list": BINARY_TABLE,
        "wrong: multiply does not swap": _mistake(BINARY, "return b, a", "return a, b"),
        "wrong: sign of d(a - b)/db": _mistake(BINARY, "return 1.0, -1.0", "return 1.0, 1.0"),
        "wrong: sign of d(a / b)/db": _mistake(
            BINARY, "return 1.0 / b, -out / b", "return 1.0 / b, out / b"
        ),
        "wrong: d(a / b)/db = -1 / b**2 (a forgotten)": _mistake(
            BINARY, "return 1.0 / b, -out / b", "return 1.0 / b, -1.0 / b**2"
        ),
        "wrong: power rule without the factor b": _mistake(
            BINARY, "return b * a ** (b - 1.0), out", "return a ** (b - 1.0), out"
        ),
        "wrong: d(a ** b)/db = b a ** b": _mistake(BINARY, "out * math.log(a)", "b * out"),
        "wrong: max routes to the smaller input": _mistake(
            BINARY, "if a >= b else (0.0, 1.0)", "if a <= b else (0.0, 1.0)"
        ),
        "wrong: max distributes like add": _mistake(
            BINARY, "return (1.0, 0.0) if a >= b else (0.0, 1.0)", "return 1.0, 1.0"
        ),
    },
    "topological_order": {
        "correct: reference": TOPO,
        "correct: Kahn's algorithm": TOPO_KAHN,
        "correct: stack of iterators": TOPO_ITERATORS,
        "wrong: recursive depth-first search": TOPO_RECURSIVE,
        "wrong: reversed breadth-first search": TOPO_REVERSED_BFS,
        "wrong: no visited set (a reused node listed twice)": _mistake(
            TOPO, "elif node not in visited:", "else:"
        ),
        "wrong: not reversed (root first)": _mistake(TOPO, "return order", "return order[::-1]"),
        "wrong: nodes told apart by their data": _mistake(
            _mistake(TOPO, "elif node not in visited:", "elif node.data not in visited:"),
            "visited.add(node)",
            "visited.add(node.data)",
        ),
        "wrong: reversed pre-order": _mistake(
            _mistake(
                _mistake(TOPO, "            order.append(node)\n", "            pass\n"),
                "visited.add(node)\n",
                "visited.add(node)\n            order.append(node)\n",
            ),
            "return order",
            "return order[::-1]",
        ),
        "wrong: returns a tuple": _mistake(TOPO, "return order", "return tuple(order)"),
    },
    "backward": {
        "correct: reference": BACKWARD,
        "correct: own order (Kahn) and a dict of gradients": BACKWARD_KAHN,
        "correct: index loops": BACKWARD_INDEXED,
        "correct: course_lib.engine.topological_order, exercise 5's reference": (
            BACKWARD_LIBRARY_ORDER
        ),
        "wrong: overwrites instead of accumulating": _mistake(
            BACKWARD, "child.grad += local * node.grad", "child.grad = local * node.grad"
        ),
        "wrong: root.grad not set to 1": _mistake(BACKWARD, "    root.grad = 1.0\n", ""),
        "wrong: walks the order forwards": _mistake(
            BACKWARD,
            "reversed(reference_topological_order(root))",
            "reference_topological_order(root)",
        ),
        "wrong: multiplies by the child's grad": _mistake(
            BACKWARD, "local * node.grad", "local * child.grad"
        ),
        "wrong: adds the local derivative alone": _mistake(BACKWARD, "local * node.grad", "local"),
        "wrong: recursion along every path": BACKWARD_RECURSIVE_PATHS,
        "wrong: calls root.backward()": "def backward(root):\n    root.backward()\n",
    },
    "mlp_forward": {
        "correct: reference": FORWARD,
        "correct: sum() per unit, inputs on the left": FORWARD_RECURSIVE_SUM,
        "correct: tanh from exp, index loops": FORWARD_TANH_BY_EXP,
        "wrong: tanh on the output layer too": _mistake(
            FORWARD, "total if k == len(params) - 1 else total.tanh()", "total.tanh()"
        ),
        "wrong: no tanh in the hidden layers": _mistake(
            FORWARD, "total if k == len(params) - 1 else total.tanh()", "total"
        ),
        "wrong: bias left out": _mistake(FORWARD, "total = bias\n", "total = Value(0.0)\n"),
        "wrong: sigmoid instead of tanh": _mistake(
            FORWARD, "else total.tanh()", "else total.sigmoid()"
        ),
        "wrong: sums on floats, graph cut": FORWARD_ON_FLOATS,
        "wrong: only the first layer": _mistake(
            FORWARD, "        activations = outputs\n", "        return outputs[0]\n"
        ),
    },
    "fit_mlp": {
        "correct: reference": FIT,
        "correct: softplus per label, zero_grad, division": FIT_BY_LABEL,
        "correct: backward pass written out": FIT_OWN_BACKWARD,
        "wrong: gradients never zeroed": _mistake(
            FIT, "            p.grad = 0.0\n", "            pass\n"
        ),
        "wrong: steps uphill": _mistake(FIT, "p.data -= lr * p.grad", "p.data += lr * p.grad"),
        "wrong: sum instead of mean": _mistake(FIT, "total * (1.0 / len(y))", "total"),
        "wrong: label sign flipped": _mistake(FIT, "softplus - z * label", "softplus + z * label"),
        "wrong: returns the loss nodes, not floats": _mistake(
            FIT, "losses.append(loss.data)", "losses.append(loss)"
        ),
        "wrong: log(1 + e^z) unguarded": _mistake(
            _mistake(FIT, "            if z.data > 0:\n", "            if False:\n"),
            "                softplus = z + ((-z).exp() + 1.0).log()\n",
            "                pass\n",
        ),
        "wrong: log of a sigmoid": _mistake(
            FIT,
            "total = total + softplus - z * label",
            "p1 = z.sigmoid()\n"
            "            total = total - (p1.log() * label + (1.0 - p1).log() * (1.0 - label))",
        ),
    },
    "chosen_settings": {
        "correct: reference (width 6, lr 3, 150 steps)": (
            'def chosen_settings():\n    return {"width": 6, "lr": 3.0, "steps": 150}\n'
        ),
        "correct: width 8, lr 2, 200 steps": (
            'def chosen_settings():\n    return {"width": 8, "lr": 2.0, "steps": 200}\n'
        ),
        "correct: an int learning rate": (
            'def chosen_settings():\n    return {"steps": 150, "width": 6, "lr": 3}\n'
        ),
        "wrong: misses the target (too few, too small steps)": (
            'def chosen_settings():\n    return {"width": 2, "lr": 0.5, "steps": 100}\n'
        ),
        "wrong: steps out of range": (
            'def chosen_settings():\n    return {"width": 6, "lr": 3.0, "steps": 1000}\n'
        ),
        "wrong: width as a float": (
            'def chosen_settings():\n    return {"width": 6.0, "lr": 3.0, "steps": 150}\n'
        ),
        "wrong: a key missing": 'def chosen_settings():\n    return {"width": 6, "lr": 3.0}\n',
        "wrong: a tuple": "def chosen_settings():\n    return (6, 3.0, 150)\n",
    },
}

# --- answers through the references -----------------------------------------------------

BORROWED = {
    "unary_local_grad": (
        "course_lib.engine.Value",
        "def unary_local_grad(op, x, out):\n"
        "    node = REF(x)\n"
        '    step = -node if op == "neg" else getattr(node, op)()\n'
        "    return step._local_grads[0]\n",
    ),
    "sigmoid_neuron_grads": (
        "course_lib.engine.Value",
        NEURON_ENGINE.replace("Value(", "REF("),
    ),
    "binary_local_grads": (
        "course_lib.dual.Dual",
        "def binary_local_grads(op, a, b, out):\n"
        "    def along(da, db):\n"
        "        u, v = REF(a, da), REF(b, db)\n"
        '        if op == "max":  # max(a, b) = b + relu(a - b)\n'
        "            return (v + (u - v).relu()).derivative\n"
        "        steps = {\n"
        '            "+": lambda: u + v,\n'
        '            "-": lambda: u - v,\n'
        '            "*": lambda: u * v,\n'
        '            "/": lambda: u / v,\n'
        '            "**": lambda: u**v,\n'
        "        }\n"
        "        return steps[op]().derivative\n"
        "\n"
        "    return along(1.0, 0.0), along(0.0, 1.0)\n",
    ),
    "topological_order": (
        "course_lib.engine.topological_order",
        "def topological_order(root):\n    return REF(root)\n",
    ),
    "backward": (
        "course_lib.engine.Value",
        "def backward(root):\n"
        "    # a node on top of root, whose backward pass runs through root's graph\n"
        "    REF(0.0, (root,), _local_grads=(1.0,)).backward()\n",
    ),
    "mlp_forward": (
        "course_lib.value_nn.mlp_forward",
        "def mlp_forward(params, x):\n    return REF(params, x)\n",
    ),
    "fit_mlp": (
        "course_lib.value_nn.fit",
        "def fit_mlp(params, X, y, lr, steps):\n    return REF(params, X, y, lr=lr, steps=steps)\n",
    ),
}
