"""Layers: every module passes the gradient checker on random shapes (batch size 1
included) in float64, and follows the module protocol."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from course_lib.gradcheck import check_module
from course_lib.layers import (
    Activation,
    Identity,
    Linear,
    Module,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Step,
    Tanh,
)

from strategies import batch_sizes, feature_counts, seeds

#: Relative error a correct float64 layer reaches with h = 1e-5 central differences:
#: truncation ~h^2 * f''' and round-off ~1e-16 / h, both far below 1e-7.
GOOD = 1e-7


def build(name: str, d_in: int, d_out: int, rng: np.random.Generator) -> Module:
    """One module of each kind, for inputs with d_in columns."""
    builders = {
        "linear": lambda: Linear(d_in, d_out, rng=rng, init="normal", scale=1.0),
        "sigmoid": Sigmoid,
        "tanh": Tanh,
        "relu": ReLU,
        "identity": Identity,
        "softmax": Softmax,
        "activation-sigmoid": lambda: Activation("sigmoid"),
        "mlp": lambda: Sequential(
            Linear(d_in, 4, rng=rng, init="normal", scale=0.5),
            Tanh(),
            Linear(4, 3, rng=rng, init="normal", scale=0.5),
            ReLU(),
            Linear(3, d_out, rng=rng, init="normal", scale=0.5),
        ),  # Weights of scale 0.5 and no squashing output: saturated units would shrink some
        # gradient entries below ~1e-6, where rounding in f (about 1e-16 |f| / h) is no
        # longer below 1e-7 of the entry.
    }
    return builders[name]()


@pytest.mark.parametrize(
    "name",
    ["linear", "sigmoid", "tanh", "relu", "identity", "softmax", "activation-sigmoid", "mlp"],
)
@settings(deadline=None, max_examples=20)
@given(n=batch_sizes, d_in=feature_counts, d_out=feature_counts, seed=seeds)
def test_module_passes_the_gradient_check(name, n, d_in, d_out, seed):
    rng = np.random.default_rng(seed)
    module = build(name, d_in, d_out, rng)
    reports = check_module(module, rng.standard_normal((n, d_in)), rng=rng)
    assert set(reports) == {"X", *module.params}
    for key, report in reports.items():
        assert report.max_rel_error < GOOD, f"{key}: {report}"


def test_linear_computes_x_w_plus_b_with_w_of_shape_in_by_out():
    layer = Linear.from_weights([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], [0.5, 0.0, 1.0])
    out = layer.forward(np.array([[1.0, 2.0]]))
    np.testing.assert_allclose(out, [[1.5, 2.0, 1.0]])
    assert (layer.in_features, layer.out_features) == (2, 3)


def test_linear_backward_formulas():
    rng = np.random.default_rng(0)
    X, dout = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    layer = Linear(3, 2, rng=rng)
    layer.forward(X)
    dX = layer.backward(dout)
    np.testing.assert_allclose(layer.grads["W"], X.T @ dout)
    np.testing.assert_allclose(layer.grads["b"], dout.sum(axis=0))
    np.testing.assert_allclose(dX, dout @ layer.params["W"].T)


def test_first_layer_can_skip_its_input_gradient():
    rng = np.random.default_rng(1)
    net = Sequential(Linear(3, 4, rng=rng), ReLU(), Linear(4, 1, rng=rng), input_grad=False)
    net.forward(rng.standard_normal((6, 3)))
    assert net.backward(np.ones((6, 1))) is None
    assert net.grads["0.W"].shape == (3, 4)


def test_sequential_exposes_the_layers_own_arrays():
    rng = np.random.default_rng(2)
    first = Linear(2, 3, rng=rng)
    net = Sequential(first, Tanh(), Linear(3, 1, rng=rng))
    assert list(net.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert net.params["0.W"] is first.params["W"]
    assert len(net) == 3 and net[1].activation.name == "tanh"


def test_weights_are_reproducible_from_the_seed():
    a, b, c = (Linear(4, 3, rng=s).params["W"] for s in (7, 7, 8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    "init, std",
    [("he", np.sqrt(2 / 400)), ("lecun", np.sqrt(1 / 400)), ("glorot", np.sqrt(2 / 700))],
)
def test_initialisation_scale(init, std):
    W = Linear(400, 300, rng=0, init=init).params["W"]
    assert W.std() == pytest.approx(std, rel=0.02)


def test_the_old_name_xavier_still_gives_lecuns_weights_and_says_so():
    with pytest.warns(DeprecationWarning, match="init='lecun'.*init='glorot'"):
        old = Linear(40, 30, rng=5, init="xavier").params["W"]
    np.testing.assert_array_equal(old, Linear(40, 30, rng=5, init="lecun").params["W"])


def test_an_unknown_initialiser_is_refused_with_the_names_there_are():
    with pytest.raises(ValueError, match="'he', 'lecun', 'glorot', 'normal'"):
        Linear(4, 3, rng=0, init="kaiming")


def test_float32_layers_compute_in_float32():
    rng = np.random.default_rng(3)
    net = Sequential(
        Linear(3, 4, rng=rng, dtype=np.float32), ReLU(), Linear(4, 2, rng=rng, dtype=np.float32)
    )
    out = net.forward(rng.standard_normal((5, 3)))
    net.backward(np.ones_like(out))
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in net.grads.values())


def test_step_layer_passes_no_gradient():
    layer = Step()
    np.testing.assert_array_equal(layer.forward(np.array([[-1.0, 0.0, 2.0]])), [[0.0, 0.0, 1.0]])
    assert not np.any(layer.backward(np.ones((1, 3))))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: Linear(3, 2, rng=0).forward(np.zeros((4, 2))),
            ValueError,
            r"\(N, 3\), got \(4, 2\)",
        ),
        (lambda: Linear(3, 2, rng=0).forward(np.zeros(3)), ValueError, r"\(N, 3\), got \(3,\)"),
        (lambda: Linear(3, 2, rng=0).forward([["a", "b", "c"]]), TypeError, "real numbers"),
        (lambda: Linear(0, 2, rng=0), ValueError, "in_features must be a positive integer"),
        (lambda: Linear(2, 2, rng=None), TypeError, "rng must be"),
        (lambda: Linear(2, 2, rng=0, init="zeros"), ValueError, "init must be one of"),
        (
            lambda: Linear.from_weights(np.zeros((2, 3)), np.zeros(2)),
            ValueError,
            r"b must have shape \(3,\)",
        ),
        (lambda: Linear(2, 2, rng=0).backward(np.zeros((1, 2))), RuntimeError, "before forward"),
        (lambda: ReLU().backward(np.zeros((1, 2))), RuntimeError, "before forward"),
        (lambda: Softmax().backward(np.zeros((1, 2))), RuntimeError, "before forward"),
        (lambda: Sequential(), ValueError, "at least one layer"),
        (lambda: Sequential(Linear(2, 2, rng=0), np.tanh), TypeError, "layer 1 is a"),
        (lambda: Activation("swish"), ValueError, "unknown activation"),
    ],
)
def test_bad_input_names_the_problem(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_checks_the_shape_of_dout():
    layer = Linear(3, 2, rng=0)
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(4, 2\), got \(2, 4\)"):
        layer.backward(np.zeros((2, 4)))
    act = Tanh()
    act.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="dout must have shape"):
        act.backward(np.zeros((3, 4)))
