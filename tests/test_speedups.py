"""What the library's speed-ups promise, besides computing the same numbers:

- a returned array is the caller's: no later forward, backward or step overwrites it;
- the update step allocates nothing, a dense forward one output array, and gradients are
  written into the arrays already in ``grads`` (memory is counted with tracemalloc, which
  numpy reports its arrays to; nothing here is timed);
- the loss modules' one-pass forward/backward agree with the functions for every kind of
  target, and the engine's unchecked node construction builds the same nodes as ``Value``.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from course_lib import losses
from course_lib.engine import Value
from course_lib.layers import Linear, ReLU, Sequential, Sigmoid, Tanh
from course_lib.optim import SGD


def small_network(rng: np.random.Generator) -> Sequential:
    return Sequential(Linear(3, 5, rng=rng), ReLU(), Linear(5, 2, rng=rng), input_grad=False)


def reference_forward(network: Sequential, X: np.ndarray) -> np.ndarray:
    """The same network computed from its parameters with plain numpy."""
    hidden = np.maximum(X @ network.params["0.W"] + network.params["0.b"], 0.0)
    return hidden @ network.params["2.W"] + network.params["2.b"]


def test_outputs_held_by_the_caller_survive_later_forwards_of_other_batch_sizes():
    rng = np.random.default_rng(0)
    network = small_network(rng)
    X_big, X_small = rng.standard_normal((7, 3)), rng.standard_normal((2, 3))
    big = network.forward(X_big)
    kept = big.copy()
    small = network.forward(X_small)
    again = network.forward(X_big)
    np.testing.assert_array_equal(big, kept)
    np.testing.assert_allclose(small, reference_forward(network, X_small))
    np.testing.assert_allclose(again, reference_forward(network, X_big))
    assert again is not big


def test_backward_uses_the_last_forward_and_its_results_stay_valid():
    rng = np.random.default_rng(1)
    layer = Linear(3, 2, rng=rng)
    X_first, X_last = rng.standard_normal((4, 3)), rng.standard_normal((6, 3))
    layer.forward(X_first)
    layer.forward(X_last)
    dout = rng.standard_normal((6, 2))
    dX = layer.backward(dout)
    kept_dX, grad_W = dX.copy(), layer.grads["W"]
    np.testing.assert_allclose(grad_W, X_last.T @ dout)
    layer.forward(X_first)
    layer.backward(np.ones((4, 2)))
    np.testing.assert_array_equal(dX, kept_dX)
    assert layer.grads["W"] is grad_W  # the gradient arrays are updated in place


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), (0.9, 0.0), (0.5, 0.1)])
def test_a_step_leaves_the_gradients_as_they_were(momentum, weight_decay):
    layer = Linear.from_weights([[1.0, -2.0]], [0.5, 0.5])
    layer.grads["W"][...] = [[0.25, 1.0]]
    layer.grads["b"][...] = [1.0, -1.0]
    SGD(layer, lr=0.1, momentum=momentum, weight_decay=weight_decay).step()
    np.testing.assert_array_equal(layer.grads["W"], [[0.25, 1.0]])
    np.testing.assert_array_equal(layer.grads["b"], [1.0, -1.0])
    np.testing.assert_allclose(layer.params["b"], [0.4, 0.6])


def test_the_step_follows_parameters_replaced_by_arrays_of_another_shape():
    layer = Linear(2, 2, rng=0)
    optimizer = SGD(layer, lr=0.5)
    optimizer.step()
    layer.params["W"], layer.grads["W"] = np.ones((3, 4)), np.full((3, 4), 2.0)
    optimizer.step()
    np.testing.assert_array_equal(layer.params["W"], np.zeros((3, 4)))


def peak_bytes(call) -> int:
    """The most memory traced at once while ``call()`` ran, above what was held before."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), (0.9, 0.01)])
def test_an_sgd_step_allocates_nothing_once_it_has_run(momentum, weight_decay):
    layer = Linear(300, 200, rng=0)
    optimizer = SGD(layer, lr=0.1, momentum=momentum, weight_decay=weight_decay)
    optimizer.step()
    assert peak_bytes(optimizer.step) < 4096  # W alone is 480,000 bytes


def test_a_dense_forward_allocates_one_output_array():
    layer = Linear(300, 400, rng=0)
    X = np.ones((200, 300))
    out_bytes = 200 * 400 * 8
    # X @ W + b would hold two outputs at once; numpy's broadcasting buffer is 64 KiB.
    assert peak_bytes(lambda: layer.forward(X)) < 1.2 * out_bytes


@pytest.mark.parametrize("layer_class", [ReLU, Tanh, Sigmoid])
@pytest.mark.parametrize(
    "input_dtype, dout_dtype, expected",
    [
        (np.float32, np.float32, np.float32),
        (np.float64, np.float64, np.float64),
        (np.float32, np.float64, np.float64),
        (np.float64, np.float32, np.float64),
    ],
)
def test_activation_gradients_keep_the_dtype_of_dout_times_the_slope(
    layer_class, input_dtype, dout_dtype, expected
):
    layer = layer_class()
    out = layer.forward(np.array([[-1.0, 0.5, 2.0]], dtype=input_dtype))
    dX = layer.backward(np.ones(out.shape, dtype=dout_dtype))
    assert dX.dtype == expected


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("target_kind", ["labels", "one-hot", "soft"])
def test_softmax_cross_entropy_module_matches_the_functions(target_kind, reduction):
    rng = np.random.default_rng(2)
    logits = rng.standard_normal((5, 3))
    labels = rng.integers(0, 3, 5)
    targets = {
        "labels": labels,
        "one-hot": np.eye(3)[labels],
        "soft": rng.dirichlet(np.ones(3), 5) * 2.0,  # rows of mass 2, not 1
    }[target_kind]
    module = losses.SoftmaxCrossEntropy(reduction=reduction)
    value = module.forward(logits, targets)
    assert value == pytest.approx(losses.softmax_cross_entropy(logits, targets, reduction))
    expected = losses.softmax_cross_entropy_grad(logits, targets, reduction)
    np.testing.assert_allclose(module.backward(), expected, rtol=1e-12)


@pytest.mark.parametrize("from_logits", [True, False])
def test_loss_modules_return_a_fresh_gradient_on_every_backward(from_logits):
    module = losses.BinaryCrossEntropy(from_logits=from_logits)
    module.forward(np.array([[0.3], [0.8]]), np.array([1.0, 0.0]))
    first = module.backward()
    first *= 0.0
    assert np.all(module.backward() != 0.0)


def test_operations_build_the_same_nodes_as_the_constructor():
    a, b = Value(2.0), Value(-3.0)
    product = a * b
    built = Value(-6.0, (a, b), "*", _local_grads=(-3.0, 2.0))
    for name in Value.__slots__:
        assert getattr(product, name) == getattr(built, name), name
    assert (a * 2).data == 4.0 and type((a * 2)._prev[1].data) is float


def test_backward_passes_the_gradient_to_any_number_of_children():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    total = Value(6.0, (a, b, c), "weighted sum", _local_grads=(1.0, 2.0, 3.0))
    (total * 2.0).backward()
    assert (a.grad, b.grad, c.grad) == (2.0, 4.0, 6.0)
