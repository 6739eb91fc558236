"""SGD: schedules, the update rule with momentum and weight decay, and the training loop."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.layers import Linear, Sequential, Tanh
from course_lib.losses import SquaredError
from course_lib.optim import SCHEDULES, SGD, Adam, adam, make_schedule, sgd_momentum
from course_lib.training import minibatches, train

from strategies import matrices


@pytest.mark.parametrize(
    "name, expected",
    [
        ("constant", [0.5, 0.5, 0.5]),
        ("1/t", [0.5, 0.25, 0.5 / 3]),
        ("1/sqrt(t)", [0.5, 0.5 / 2**0.5, 0.5 / 3**0.5]),
        ("step", [0.5, 0.5, 0.5]),
    ],
)
def test_schedules(name, expected):
    schedule = make_schedule(0.5, name)
    np.testing.assert_allclose([schedule(t) for t in (1, 2, 3)], expected)


def test_robbins_monro_partial_sums():
    """1/t: the rates keep adding up while their squares converge (to pi^2/6)."""
    t = np.arange(1, 100_001)
    rates = np.array([make_schedule(1.0, "1/t")(k) for k in t[:1000]])
    assert np.sum(rates**2) == pytest.approx(np.pi**2 / 6, rel=1e-3)
    assert np.sum(1.0 / t) > 12  # the harmonic series grows like log t


def test_unknown_schedule_and_bad_rates():
    with pytest.raises(ValueError, match="unknown schedule 'exp'"):
        make_schedule(0.1, "exp")
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        make_schedule(-1.0, "constant")
    assert set(SCHEDULES) == {"constant", "1/t", "1/sqrt(t)", "step"}


def test_step_decay_holds_the_rate_for_every_updates_then_drops_it():
    schedule = make_schedule(2.0, "step", drop=0.5, every=3)
    np.testing.assert_allclose([schedule(t) for t in range(1, 8)], [2, 2, 2, 1, 1, 1, 0.5])


@given(
    eta0=st.floats(1e-3, 10.0),
    drop=st.floats(0.05, 1.0),
    every=st.integers(1, 50),
    t=st.integers(1, 10_000),
)
def test_step_decay_is_the_definition(eta0, drop, every, t):
    rate = make_schedule(eta0, "step", drop=drop, every=every)(t)
    assert rate == pytest.approx(eta0 * drop ** ((t - 1) // every), rel=1e-12)


def test_step_decay_rates_sum_to_a_finite_limit():
    """It breaks the first Robbins-Monro condition: the rates sum to eta0 every / (1 - drop)."""
    schedule = make_schedule(0.5, "step", drop=0.5, every=10)
    total = sum(schedule(t) for t in range(1, 2001))
    assert total == pytest.approx(0.5 * 10 / (1 - 0.5), rel=1e-12)


@pytest.mark.parametrize(
    "schedule, params, message",
    [
        ("step", {"drop": 0.0}, "drop must be a number in"),
        ("step", {"drop": 1.5}, "drop must be a number in"),
        ("step", {"every": 0}, "every must be an int >= 1"),
        ("step", {"every": 2.5}, "every must be an int >= 1"),
        ("step", {"rate": 0.5}, "takes drop, every; got unknown parameters"),
        ("1/t", {"drop": 0.5}, "takes no parameters"),
    ],
)
def test_bad_schedule_parameters(schedule, params, message):
    with pytest.raises(ValueError, match=message):
        make_schedule(0.1, schedule, **params)


def test_a_callable_schedule_takes_no_parameters():
    with pytest.raises(ValueError, match="callable"):
        make_schedule(0.1, lambda t: 0.1, drop=0.5)


def layer_with_gradient(W, dW, b, db):
    layer = Linear.from_weights(W, b)
    layer.grads["W"][...] = dW
    layer.grads["b"][...] = db
    return layer


def test_plain_step_is_w_minus_eta_g_in_place():
    layer = layer_with_gradient([[1.0, 2.0]], [[0.5, -1.0]], [0.0, 1.0], [1.0, 1.0])
    W = layer.params["W"]
    SGD(layer, lr=0.1).step()
    assert layer.params["W"] is W
    np.testing.assert_allclose(W, [[0.95, 2.1]])
    np.testing.assert_allclose(layer.params["b"], [-0.1, 0.9])


def test_weight_decay_shrinks_weights_but_not_biases():
    layer = layer_with_gradient([[2.0]], [[0.0]], [3.0], [0.0])
    SGD(layer, lr=0.1, weight_decay=0.5).step()
    np.testing.assert_allclose(layer.params["W"], [[2.0 - 0.1 * 0.5 * 2.0]])
    np.testing.assert_allclose(layer.params["b"], [3.0])


def test_momentum_accumulates_velocity():
    layer = layer_with_gradient([[0.0]], [[1.0]], [0.0], [0.0])
    optimizer = SGD(layer, lr=1.0, momentum=0.9)
    optimizer.step()
    optimizer.step()  # v = -1, then 0.9 * -1 - 1 = -1.9; w = -1 - 1.9
    np.testing.assert_allclose(layer.params["W"], [[-2.9]])
    assert optimizer.t == 2


def test_schedule_drives_the_step_size():
    layer = layer_with_gradient([[0.0]], [[1.0]], [0.0], [0.0])
    optimizer = SGD(layer, lr=1.0, schedule="1/t")
    for _ in range(3):
        optimizer.step()
    np.testing.assert_allclose(layer.params["W"], [[-(1 + 1 / 2 + 1 / 3)]])
    assert optimizer.learning_rate == pytest.approx(0.25)


@pytest.mark.parametrize(
    "kwargs, message", [({"momentum": 1.0}, "momentum"), ({"weight_decay": -1}, "weight_decay")]
)
def test_bad_hyper_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SGD(Linear(1, 1, rng=0), **kwargs)


def test_minibatches_cover_every_index_once():
    batches = list(minibatches(10, 3, rng=np.random.default_rng(0)))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches)) == list(range(10))
    np.testing.assert_array_equal(np.concatenate(list(minibatches(5, 2, rng=None))), np.arange(5))


def test_training_lowers_the_loss_and_is_reproducible():
    def run():
        rng = np.random.default_rng(4)
        X = rng.uniform(-1, 1, (64, 1))
        y = np.sin(3 * X)
        net = Sequential(Linear(1, 16, rng=rng), Tanh(), Linear(16, 1, rng=rng), input_grad=False)
        history = train(
            net, SquaredError(), X, y, optimizer=SGD(net, 0.2), epochs=100, batch_size=16, rng=rng
        )
        return history.loss

    first, second = run(), run()
    assert first == second
    assert first[-1] < 0.1 * first[0]


def test_training_records_validation_loss_and_checks_lengths():
    rng = np.random.default_rng(5)
    net = Sequential(Linear(2, 1, rng=rng))
    X, y = rng.standard_normal((8, 2)), rng.standard_normal((8, 1))
    history = train(
        net,
        SquaredError(),
        X,
        y,
        optimizer=SGD(net),
        epochs=3,
        batch_size=4,
        rng=rng,
        validation=(X, y),
    )
    assert len(history.val_loss) == 3
    with pytest.raises(ValueError, match="X and y must have the same number of rows"):
        train(net, SquaredError(), X, y[:5], optimizer=SGD(net), epochs=1, batch_size=4, rng=rng)


# --- The update rules with state: sgd_momentum and adam ----------------------------------


@given(matrices(), matrices(), st.floats(1e-4, 1.0))
@settings(max_examples=30, deadline=None)
def test_momentum_zero_is_plain_sgd(w, dw, rate):
    dw = np.resize(dw, w.shape)
    next_w, config = sgd_momentum(w, dw, {"learning_rate": rate, "momentum": 0.0})
    np.testing.assert_allclose(next_w, w - rate * dw)
    np.testing.assert_allclose(config["velocity"], -rate * dw)


def test_momentum_velocity_is_a_discounted_sum_of_gradients():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 2))
    gradients = rng.normal(size=(5, 3, 2))
    config = {"learning_rate": 0.1, "momentum": 0.8}
    start = w.copy()
    for g in gradients:
        w, config = sgd_momentum(w, g, config)
    weights = 0.8 ** np.arange(4, -1, -1)
    np.testing.assert_allclose(config["velocity"], -0.1 * np.tensordot(weights, gradients, 1))
    assert config["velocity"].shape == start.shape


def test_momentum_matches_the_sgd_class():
    layer = Linear(2, 3, rng=0)
    w0 = layer.params["W"].copy()
    optimiser = SGD(layer, 0.05, momentum=0.9)
    w, config = w0.copy(), {"learning_rate": 0.05, "momentum": 0.9}
    rng = np.random.default_rng(1)
    for _ in range(4):
        g = rng.normal(size=w0.shape)
        layer.grads["W"][...] = g
        layer.grads["b"][...] = 0.0
        optimiser.step()
        w, config = sgd_momentum(w, g, config)
    np.testing.assert_allclose(layer.params["W"], w)


def test_the_rules_change_none_of_their_arguments():
    w, dw = np.ones(3), np.full(3, 2.0)
    for rule, config in [
        (sgd_momentum, {"learning_rate": 0.1, "momentum": 0.9, "velocity": np.ones(3)}),
        (adam, {"m": np.ones(3), "v": np.ones(3), "t": 2}),
    ]:
        before = {key: np.copy(value) for key, value in config.items()}
        _, next_config = rule(w, dw, config)
        assert next_config is not config
        np.testing.assert_array_equal(w, np.ones(3))
        np.testing.assert_array_equal(dw, np.full(3, 2.0))
        for key, value in before.items():
            np.testing.assert_array_equal(config[key], value)


@given(matrices(scale=1e3), st.floats(1e-4, 1.0))
@settings(max_examples=30, deadline=None)
def test_adams_first_step_has_size_lr_in_every_coordinate(dw, rate):
    dw = np.where(np.abs(dw) < 1e-3, 1.0, dw)  # well above epsilon
    w = np.zeros_like(dw)
    next_w, config = adam(w, dw, {"learning_rate": rate})
    np.testing.assert_allclose(next_w, -rate * np.sign(dw), rtol=1e-4)
    assert config["t"] == 1
    assert config["m"].shape == config["v"].shape == w.shape


def test_adam_follows_its_definition_over_several_steps():
    rng = np.random.default_rng(2)
    w = rng.normal(size=(4,))
    config = {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}
    m = v = np.zeros(4)
    expected = w.copy()
    for t in range(1, 6):
        g = rng.normal(size=4)
        m, v = 0.8 * m + 0.2 * g, 0.99 * v + 0.01 * g**2
        expected = expected - 0.01 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.99**t)) + 1e-6)
        w, config = adam(w, g, config)
    np.testing.assert_allclose(w, expected)
    assert config["t"] == 5


def test_the_adam_class_steps_every_parameter_with_adam():
    network = Sequential(Linear(1, 3, rng=0), Tanh(), Linear(3, 1, rng=1))
    X = np.linspace(-1, 1, 8)[:, None]
    y = X**2
    before = {name: value.copy() for name, value in network.params.items()}
    loss = SquaredError()
    loss.forward(network.forward(X), y)
    network.backward(loss.backward())
    grads = {name: value.copy() for name, value in network.grads.items()}
    Adam(network, 0.01).step()
    for name, value in network.params.items():
        expected, _ = adam(before[name], grads[name], {"learning_rate": 0.01})
        np.testing.assert_allclose(value, expected)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sgd_momentum(np.ones(2), np.ones(3)), "shape of w"),
        (lambda: sgd_momentum(np.ones(2), np.ones(2), {"momentum": 1.0}), "momentum"),
        (lambda: sgd_momentum(np.ones(2), np.ones(2), {"learning_rate": -1.0}), "learning_rate"),
        (lambda: sgd_momentum(np.ones(2), np.ones(2), {"velocity": np.ones(3)}), "velocity"),
        (lambda: sgd_momentum(np.arange(2), np.ones(2)), "float array"),
        (lambda: sgd_momentum(np.ones(2), np.ones(2), [0.1]), "dict"),
        (lambda: adam(np.ones(2), np.ones(2), {"beta2": 1.0}), "beta2"),
        (lambda: adam(np.ones(2), np.ones(2), {"epsilon": 0.0}), "epsilon"),
        (lambda: adam(np.ones(2), np.ones(2), {"t": -1}), "t"),
        (lambda: adam(np.ones(2), np.ones(2), {"m": np.ones((2, 1))}), "'m'"),
        (lambda: Adam(Linear(1, 1, rng=0), 0.1, beta1=1.5), "beta1"),
    ],
)
def test_the_rules_name_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
