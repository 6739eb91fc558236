"""Models reach their expected results and follow the scikit-learn conventions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.linear_models import LogisticRegression, Perceptron
from course_lib.mlp import MLPClassifier, MLPRegressor

from strategies import batch_sizes, feature_counts, seeds

INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def blobs(seed: int, n: int = 40, distance: float = 4.0):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(-distance / 2, 1, (n, 2)), rng.normal(distance / 2, 1, (n, 2))])
    return X, np.r_[np.zeros(n), np.ones(n)]


def test_perceptron_trace_on_or_from_the_lecture():
    """Inputs (x1, x2, 1), w = 0, rate 1: (1,1,1) first gives w = (1,1,1), then (0,0,1)
    is misclassified and w = (1,1,0), which classifies all four."""
    X = INPUTS[[3, 0, 1, 2]]
    model = Perceptron().fit(X, np.array(GATES["OR"])[[3, 0, 1, 2]])
    assert [w.tolist() for _, _, w in model.updates_] == [[1, 1, 1], [1, 1, 0]]
    assert model.converged_ and model.mistakes_[-1] == 0


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("mode", ["online", "batch"])
def test_perceptron_converges_on_linearly_separable_gates(gate, mode):
    model = Perceptron(mode=mode, max_epochs=100).fit(INPUTS, GATES[gate])
    assert model.converged_
    np.testing.assert_array_equal(model.predict(INPUTS), GATES[gate])


@pytest.mark.parametrize("mode", ["online", "batch"])
def test_perceptron_reports_that_it_never_converges_on_xor(mode):
    model = Perceptron(mode=mode, max_epochs=50).fit(INPUTS, GATES["XOR"])
    assert not model.converged_
    assert model.n_iter_ == 50 and min(model.mistakes_) > 0


def test_shuffled_perceptron_is_reproducible():
    a = Perceptron(random_state=3).fit(INPUTS, GATES["AND"]).w_
    b = Perceptron(random_state=3).fit(INPUTS, GATES["AND"]).w_
    np.testing.assert_array_equal(a, b)


def averaged_by_definition(X, y, epochs, order_seed):
    """The averaged perceptron written out: the mean of w after every visited row."""
    X1 = np.hstack([X, np.ones((len(X), 1))])
    w, visited = np.zeros(X1.shape[1]), []
    rng = np.random.default_rng(order_seed)
    for _ in range(epochs):
        mistakes = 0
        for row in rng.permutation(len(X1)):
            error = y[row] - float(X1[row] @ w > 0)
            if error:
                w, mistakes = w + error * X1[row], mistakes + 1
            visited.append(w)
        if mistakes == 0:
            break
    return np.mean(visited, axis=0), w


@settings(max_examples=30, deadline=None)
@given(n=batch_sizes, d=feature_counts, epochs=st.integers(1, 6), seed=seeds)
def test_averaged_perceptron_predicts_with_the_mean_of_the_visited_weights(n, d, epochs, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, d)), rng.integers(0, 2, size=n).astype(float)
    model = Perceptron(max_epochs=epochs, average=True, random_state=seed).fit(X, y)
    mean, last = averaged_by_definition(X, y, epochs, seed)
    np.testing.assert_allclose(model.w_, mean, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(model.last_w_, last)
    np.testing.assert_allclose(model.coef_, mean[:-1], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X), (X @ model.coef_ + model.intercept_ > 0))
    plain = Perceptron(max_epochs=epochs, random_state=seed).fit(X, y)
    np.testing.assert_array_equal(plain.w_, last)  # averaging changes only what is kept
    assert plain.mistakes_ == model.mistakes_ and plain.n_iter_ == model.n_iter_


def test_batch_averaged_perceptron_averages_the_weights_after_each_epoch():
    model = Perceptron(mode="batch", max_epochs=50, average=True).fit(INPUTS, GATES["OR"])
    path, w = [], np.zeros(3)
    X1 = np.hstack([INPUTS, np.ones((4, 1))])
    for _ in range(model.n_iter_):
        w = w + X1.T @ (np.array(GATES["OR"]) - (X1 @ w > 0))
        path.append(w)
    np.testing.assert_allclose(model.w_, np.mean(path, axis=0))
    np.testing.assert_array_equal(model.last_w_, w)


def test_averaged_weights_are_steadier_than_the_last_on_overlapping_blobs():
    X, y = blobs(5, n=100, distance=2.0)
    X_test, y_test = blobs(6, n=500, distance=2.0)
    scores = {
        average: [
            Perceptron(max_epochs=e, average=average, random_state=0)
            .fit(X, y)
            .score(X_test, y_test)
            for e in range(10, 30)
        ]
        for average in (False, True)
    }
    assert np.ptp(scores[True]) < np.ptp(scores[False])
    assert min(scores[True]) > 0.8  # the best line scores about 0.92 here


@pytest.mark.parametrize(
    "solver, kwargs",
    [
        ("sgd", {"epochs": 30}),
        ("sgd", {"batch_size": None, "epochs": 300, "lr": 1.0}),
        ("newton", {"epochs": 30}),
    ],
)
def test_logistic_regression_separates_blobs(solver, kwargs):
    X, y = blobs(0)
    model = LogisticRegression(solver=solver, l2=0.01, **kwargs).fit(X, y)
    assert model.score(X, y) >= 0.97
    assert model.predict_proba(X).shape == (80,)
    assert model.loss_curve_[-1] < model.loss_curve_[0]


def test_newton_and_gradient_descent_reach_the_same_regularised_optimum():
    X, y = blobs(1, distance=2.0)
    newton = LogisticRegression(solver="newton", l2=0.1, epochs=50).fit(X, y)
    gd = LogisticRegression(solver="sgd", batch_size=None, lr=1.0, l2=0.1, epochs=3000).fit(X, y)
    np.testing.assert_allclose(newton.coef_, gd.coef_, rtol=1e-4)
    assert newton.n_iter_ < 15


def test_weights_grow_without_bound_on_separable_data_unless_regularised():
    """On AND (separable) the norm keeps growing, slowly: a decade of epochs adds at least
    half as much as the decade before. With L2 it settles."""
    free = LogisticRegression(batch_size=None, lr=1.0, epochs=2000).fit(INPUTS, GATES["AND"])
    ridge = LogisticRegression(batch_size=None, lr=1.0, epochs=2000, l2=0.1)
    ridge.fit(INPUTS, GATES["AND"])
    norms = np.array(free.weight_norms_)
    assert np.all(np.diff(norms) > 0)
    assert norms[1999] - norms[199] > 0.5 * (norms[199] - norms[19])
    assert ridge.weight_norms_[-1] == pytest.approx(ridge.weight_norms_[-2], rel=1e-9)
    assert ridge.weight_norms_[-1] < 0.2 * norms[-1]


def test_logistic_regression_takes_a_step_decay_schedule():
    """schedule_params reach the schedule: update t of the solver uses eta0 drop^((t-1)//every)."""
    X, y = blobs(2, n=5)
    params = {"drop": 0.5, "every": 4}
    model = LogisticRegression(lr=0.5, schedule="step", schedule_params=params, batch_size=3)
    model.fit(X, y)
    rng, w, t = np.random.default_rng(0), np.zeros(3), 0
    X1 = np.hstack([X, np.ones((len(X), 1))])
    for _ in range(model.epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), 3):
            t += 1
            rows = order[start : start + 3]
            errors = 1 / (1 + np.exp(-(X1[rows] @ w))) - y[rows]
            w = w - 0.5 * 0.5 ** ((t - 1) // 4) * X1[rows].T @ errors / len(rows)
    np.testing.assert_allclose(model.coef_, w[:-1], atol=1e-12)
    assert model.intercept_ == pytest.approx(w[-1], abs=1e-12)
    with pytest.raises(ValueError, match="takes no parameters"):
        LogisticRegression(schedule="1/t", schedule_params={"drop": 0.5}).fit(X, y)


def test_logistic_regression_fails_on_xor():
    model = LogisticRegression(solver="newton", l2=1e-3).fit(INPUTS, GATES["XOR"])
    assert model.score(INPUTS, GATES["XOR"]) <= 0.75


def test_mlp_solves_xor():
    model = MLPClassifier(hidden_sizes=(4,), lr=0.5, epochs=2000, batch_size=None, random_state=0)
    model.fit(INPUTS, GATES["XOR"])
    assert model.score(INPUTS, GATES["XOR"]) == 1.0
    assert model.predict_proba(INPUTS).shape == (4,)


@pytest.mark.parametrize("init_scale", [0.01, 0.3, 1.0, 7.5])
def test_mlp_init_scale_multiplies_the_usual_initial_weights(init_scale):
    def initial(**scale):
        model = MLPClassifier(hidden_sizes=(3, 2), epochs=1, lr=1e-300, random_state=5, **scale)
        return model.fit(INPUTS, GATES["XOR"]).network_.params

    usual, scaled = initial(), initial(init_scale=init_scale)  # a step of 1e-300: no change
    weights = [name for name in usual if name.endswith("W")]
    assert len(weights) == 3 and usual.keys() == scaled.keys()
    for name in weights:
        np.testing.assert_allclose(scaled[name], init_scale * usual[name], rtol=1e-12, atol=0)


def test_mlp_default_init_scale_changes_nothing():
    a = MLPClassifier(epochs=20, random_state=3).fit(INPUTS, GATES["XOR"]).loss_curve_
    b = MLPClassifier(epochs=20, random_state=3, init_scale=1.0).fit(INPUTS, GATES["XOR"])
    assert a == b.loss_curve_


def test_mlp_classifies_three_classes_with_any_labels():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 3], [3, -2], [-3, -2]])
    X = np.vstack([rng.normal(c, 0.8, (30, 2)) for c in centres])
    y = np.repeat(["a", "b", "c"], 30)
    model = MLPClassifier(hidden_sizes=(16,), activation="relu", epochs=100, lr=0.1).fit(X, y)
    assert model.score(X, y) > 0.95
    proba = model.predict_proba(X)
    assert proba.shape == (90, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert set(model.predict(X)) <= {"a", "b", "c"}


def test_mlp_regressor_fits_a_smooth_curve():
    x = np.linspace(0, 1, 100)[:, None]
    y = np.sin(2 * np.pi * x[:, 0])
    model = MLPRegressor(hidden_sizes=(32,), epochs=1500, lr=0.2, momentum=0.9).fit(x, y)
    assert model.predict(x).shape == (100,)
    assert model.score(x, y) > 0.95


def test_training_is_deterministic_given_random_state():
    X, y = blobs(3)
    a = MLPClassifier(epochs=5, random_state=11).fit(X, y).loss_curve_
    b = MLPClassifier(epochs=5, random_state=11).fit(X, y).loss_curve_
    assert a == b


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: Perceptron().fit(INPUTS, [0, 1, 2, 1]), ValueError, "only 0 and 1"),
        (lambda: Perceptron().fit(INPUTS, [0, 1]), ValueError, "same number of rows"),
        (lambda: Perceptron(mode="mini").fit(INPUTS, GATES["OR"]), ValueError, "mode must be"),
        (lambda: Perceptron(average="yes").fit(INPUTS, GATES["OR"]), TypeError, "average must be"),
        (lambda: Perceptron().predict(INPUTS), RuntimeError, "not fitted"),
        (
            lambda: Perceptron().fit(INPUTS, GATES["OR"]).predict(np.zeros((2, 3))),
            ValueError,
            "3 features",
        ),
        (lambda: LogisticRegression(solver="lbfgs").fit(INPUTS, GATES["OR"]), ValueError, "solver"),
        (lambda: LogisticRegression(l2=-1).fit(INPUTS, GATES["OR"]), ValueError, "l2"),
        (lambda: LogisticRegression().fit(np.array([[np.nan, 0]]), [1]), ValueError, "NaN"),
        (lambda: MLPClassifier().fit(INPUTS, [1, 1, 1, 1]), ValueError, "two classes"),
        (lambda: MLPClassifier().fit(INPUTS, np.zeros((4, 1))), ValueError, "1-D"),
        (
            lambda: MLPClassifier(activation="swish").fit(INPUTS, GATES["OR"]),
            ValueError,
            "unknown activation",
        ),
        (lambda: MLPClassifier().predict(INPUTS), RuntimeError, "not fitted"),
        (lambda: MLPClassifier(init_scale=0.0).fit(INPUTS, GATES["OR"]), ValueError, "> 0"),
        (lambda: MLPClassifier(init_scale=-1).fit(INPUTS, GATES["OR"]), ValueError, "> 0"),
        (lambda: MLPClassifier(init_scale=np.nan).fit(INPUTS, GATES["OR"]), ValueError, "init"),
        (lambda: MLPClassifier(init_scale="big").fit(INPUTS, GATES["OR"]), TypeError, "init"),
        (
            lambda: MLPRegressor(epochs=1).fit(INPUTS, np.zeros(4)).predict(np.zeros((1, 5))),
            ValueError,
            "5 features",
        ),
    ],
)
def test_bad_input_names_the_problem(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_mlp_regressor_with_adam_fits_a_smooth_curve_and_is_deterministic():
    x = np.linspace(0, 1, 100)[:, None]
    y = np.sin(2 * np.pi * x[:, 0])
    kwargs = {"hidden_sizes": (16,), "epochs": 600, "lr": 0.02, "batch_size": None}
    model = MLPRegressor(optimizer="adam", **kwargs).fit(x, y)
    assert model.score(x, y) > 0.98
    again = MLPRegressor(optimizer="adam", **kwargs).fit(x, y)
    assert model.loss_curve_ == again.loss_curve_
    plain = MLPRegressor(**kwargs).fit(x, y)
    assert model.loss_curve_[-1] < plain.loss_curve_[-1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"optimizer": "rmsprop"}, "unknown optimizer 'rmsprop'"),
        ({"optimizer": "adam", "momentum": 0.9}, "momentum"),
    ],
)
def test_mlp_regressor_rejects_bad_optimizer_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLPRegressor(epochs=1, **kwargs).fit(INPUTS, np.zeros(4))
