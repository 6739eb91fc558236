"""Which parts of course_lib each exercise re-implements: the exercise's references.

``EXERCISE_REFERENCES[grade_id]`` names, by dotted path, every function, method or class of
the library that computes what the exercise asks for, whether directly or as part of a
larger job. While the student's code for that exercise is graded, none of them may run
(`course_lib.own_work`); every other part of the library stays available. A class stands
for all the code in its body, a function for its own code and its module's private helpers.

An empty entry records that nothing in the library computes the exercise's answer (the
exercise then has no rule to state). The instructions do not list them all:
``NAMED_IN_INSTRUCTIONS[grade_id]`` holds the one to three that a student of the exercise's
unit would reach for, and the rule's sentence (`course_lib.own_work.rule_sentence`) names
those. grade_ids are unique across the course;
tests/test_exercise_references.py checks that every exercise of every unit has an entry, that
every name resolves, and which entries are empty.
"""

from __future__ import annotations

#: The Heaviside step H(a) with H(0) = 0, everywhere the library computes it: directly, as the
#: derivative of the ReLU, and as the 0/1 prediction of a single unit or a network.
HEAVISIDE_STEP = (
    "course_lib.activations.step",
    "course_lib.layers.Step",
    "course_lib.activations.relu_derivative",
    "course_lib.layers.ReLU.backward",
    "course_lib.engine.Value.relu",
    "course_lib.dual.Dual.relu",
    "course_lib.linear_models.Perceptron.predict",
    "course_lib.linear_models.LogisticRegression.predict",
    "course_lib.mlp.MLPClassifier.predict",
)
#: Every learner that, fitted on a truth table, returns the weights of units computing it.
LEARNERS = (
    "course_lib.linear_models.Perceptron",
    "course_lib.linear_models.LogisticRegression",
    "course_lib.mlp.MLPClassifier",
    "course_lib.training.train",
)
#: The logistic function wherever the library computes it stably: directly, as the log of
#: it, as a softmax over the two logits (a, 0), on scalars, and inside the logit loss.
LOGISTIC = (
    "course_lib.activations.sigmoid",
    "course_lib.activations.log_sigmoid",
    "course_lib.activations.softmax",
    "course_lib.activations.log_softmax",
    "course_lib.layers.Sigmoid",
    "course_lib.engine.Value.sigmoid",
    "course_lib.dual.Dual.sigmoid",
    "course_lib.losses.binary_cross_entropy_with_logits",
    "course_lib.losses.BinaryCrossEntropy",
)

EXERCISE_REFERENCES: dict[str, tuple[str, ...]] = {
    # --- 01_perceptron ----------------------------------------------------------------
    "gate_weights": LEARNERS,
    "dnf_network": LEARNERS,
    "xor_two_layer": HEAVISIDE_STEP,
    "train_perceptron": ("course_lib.linear_models.Perceptron",),
    "train_perceptron_batch": ("course_lib.linear_models.Perceptron",),
    "perceptron_settings": (),  # the student's chosen settings: nothing computes them
    # --- 02_logistic_regression -------------------------------------------------------
    "sigmoid": LOGISTIC,
    # The loss and its gradient: every version of the binary cross-entropy (the softmax one
    # of two classes is the binary one), the error p - y from the losses or from the solver,
    # and every tool that differentiates a loss for you (numerically, or automatically in
    # reverse or forward mode).
    "bce_loss_and_gradient": (
        "course_lib.losses.binary_cross_entropy",
        "course_lib.losses.binary_cross_entropy_with_logits",
        "course_lib.losses.BinaryCrossEntropy",
        "course_lib.losses.softmax_cross_entropy",
        "course_lib.losses.SoftmaxCrossEntropy",
        "course_lib.losses.binary_cross_entropy_with_logits_grad",
        "course_lib.losses.binary_cross_entropy_grad",
        "course_lib.losses.softmax_cross_entropy_grad",
        "course_lib.linear_models.LogisticRegression",
        "course_lib.gradcheck.numerical_gradient",
        "course_lib.engine.Value.backward",
        "course_lib.dual.Dual",
    ),
    # An epoch of minibatch SGD: the solver's, or the generic training loop's.
    "sgd_epoch": (
        "course_lib.linear_models.LogisticRegression",
        "course_lib.training.train",
    ),
    # Training with a schedule: the solver, the generic loop and its optimiser, and every
    # schedule factory (make_schedule only picks one of them).
    "sgd_with_schedule": (
        "course_lib.linear_models.LogisticRegression",
        "course_lib.training.train",
        "course_lib.optim.SGD",
        "course_lib.optim.make_schedule",
        "course_lib.optim.constant",
        "course_lib.optim.inverse_time",
        "course_lib.optim.inverse_sqrt",
        "course_lib.optim.step_decay",
    ),
    # The experiment's settings are the student's choice: nothing in the library computes them.
    "sgd_budget_settings": (),
    "newton_step": ("course_lib.linear_models.LogisticRegression",),
    # --- 03_xor_mlp ---------------------------------------------------------------------
    "forward_two_layer": (
        "course_lib.layers.Linear",
        "course_lib.layers.Sequential",
        "course_lib.mlp.MLPClassifier",
    ),
    # The backward pass, every hidden activation's derivative in it (the ReLU's is the step
    # with H(0) = 0), and every tool that differentiates for you.
    "backward_two_layer": (
        "course_lib.layers.Linear",
        "course_lib.layers.Sequential",
        "course_lib.layers.Activation",
        "course_lib.layers.Sigmoid",
        "course_lib.layers.Tanh",
        "course_lib.layers.ReLU",
        "course_lib.activations.sigmoid_derivative",
        "course_lib.activations.tanh_derivative",
        "course_lib.activations.relu_derivative",
        "course_lib.activations.identity_derivative",
        "course_lib.activations.step",
        "course_lib.mlp.MLPClassifier",
        "course_lib.gradcheck.numerical_gradient",
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.dual.derivative",
    ),
    "train_xor": (
        "course_lib.mlp.MLPClassifier",
        "course_lib.training.train",
        "course_lib.layers.Linear",
        "course_lib.layers.Sequential",
        "course_lib.gradcheck.numerical_gradient",
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.dual.derivative",
    ),
    # the settings of unit 03's experiment: nothing in course_lib chooses them
    "xor_settings": (),
    # --- 04_computation_graphs ----------------------------------------------------------
    "unary_local_grad": (
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.dual.derivative",
        "course_lib.activations.sigmoid_derivative",
        "course_lib.activations.tanh_derivative",
        "course_lib.activations.relu_derivative",
        "course_lib.layers.Sigmoid",
        "course_lib.layers.Tanh",
        "course_lib.layers.ReLU",
    ),
    "sigmoid_neuron_grads": (
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.dual.derivative",
        "course_lib.activations.sigmoid",
        "course_lib.activations.sigmoid_derivative",
        "course_lib.layers.Sigmoid",
    ),
    "binary_local_grads": (
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.dual.derivative",
    ),
    "topological_order": ("course_lib.engine.topological_order",),
    "backward": ("course_lib.engine.Value.backward",),
    # The logit of a Value network: as a graph, and as numbers computed with numpy.
    "mlp_forward": (
        "course_lib.value_nn.mlp_forward",
        "course_lib.value_nn.logits",
        "course_lib.value_nn.predict_proba",
    ),
    "fit_mlp": (
        "course_lib.value_nn.fit",
        "course_lib.value_nn.train_mlp",
        "course_lib.value_nn.mean_loss",
        "course_lib.value_nn.logistic_loss",
    ),
    # The student's own choice of settings: nothing in the library computes it.
    "chosen_settings": (),
    # --- 05_vectorized_backprop ---------------------------------------------------------
    # Perceptron and LogisticRegression share one decision_function, X @ coef_ + intercept_,
    # which is a dense layer when coef_ is a matrix.
    "dense_layer": (
        "course_lib.layers.Linear",
        "course_lib.linear_models.LogisticRegression.decision_function",
    ),
    "activation_layers": (
        *LOGISTIC,
        "course_lib.activations.sigmoid_derivative",
        "course_lib.activations.relu_derivative",
        "course_lib.layers.ReLU",
        "course_lib.engine.Value.relu",
        "course_lib.dual.Dual.relu",
    ),
    "softmax_cross_entropy": (
        "course_lib.losses.softmax_cross_entropy",
        "course_lib.losses.softmax_cross_entropy_grad",
        "course_lib.losses.SoftmaxCrossEntropy",
        "course_lib.activations.softmax",
        "course_lib.activations.log_softmax",
    ),
    "huber_loss": (
        "course_lib.losses.huber",
        "course_lib.losses.huber_grad",
        "course_lib.losses.HuberLoss",
    ),
    # The whole loop: its backward pass, its update, and every library loop built on them.
    "train_epoch": (
        "course_lib.layers.Sequential.backward",
        "course_lib.optim.SGD",
        "course_lib.training.train",
        "course_lib.training.train_with_early_stopping",
        "course_lib.training.fit_mlp_classifier",
        "course_lib.mlp.MLPClassifier",
        "course_lib.mlp.MLPRegressor",
    ),
    # The experiment grades a choice of settings: nothing in the library computes it.
    "digits_settings": (),
    "layer_statistics": (
        "course_lib.training.layer_statistics",
        "course_lib.layers.Sequential.backward",
    ),
    # --- 06_universal_approximation -----------------------------------------------------
    # The sigmoid and the ReLU themselves are allowed here (the notebook says so); what is
    # off limits is the library computing the units' pre-activations x W + b for the answer.
    # bump_weights builds its weights (nothing in course_lib does) and runs them forward.
    "bump_weights": (
        "course_lib.layers.Linear",
        "course_lib.linear_models.LogisticRegression.decision_function",
    ),
    # Nothing in course_lib builds these weights or counts pieces (MLPRegressor.fit cannot
    # meet the tests: trained weights are not +-w, nor an exact interpolant), nor chooses
    # training settings.
    "bump_network": (),  # nothing in course_lib computes it
    "relu_interpolant": (),  # nothing in course_lib computes it
    "sgd_momentum": ("course_lib.optim.sgd_momentum", "course_lib.optim.SGD"),
    "adam": ("course_lib.optim.adam", "course_lib.optim.Adam"),
    "match_construction": (),  # nothing in course_lib computes it
    "count_linear_pieces": (),  # nothing in course_lib computes it
    "tent_network": (),  # nothing in course_lib computes it
}


#: grade_id -> the references the exercise's instructions name (at most three, all of them in
#: its `EXERCISE_REFERENCES` entry): the ones a student of its unit would reach for. The grader
#: refuses every reference all the same, and its message names the one that was used.
NAMED_IN_INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    # --- 01_perceptron ----------------------------------------------------------------
    "gate_weights": ("course_lib.linear_models.Perceptron",),
    "dnf_network": ("course_lib.linear_models.Perceptron",),
    "xor_two_layer": ("course_lib.activations.step", "course_lib.layers.Step"),
    "train_perceptron": ("course_lib.linear_models.Perceptron",),
    "train_perceptron_batch": ("course_lib.linear_models.Perceptron",),
    # --- 02_logistic_regression -------------------------------------------------------
    "sigmoid": (
        "course_lib.activations.sigmoid",
        "course_lib.activations.softmax",
        "course_lib.losses.binary_cross_entropy_with_logits",
    ),
    "bce_loss_and_gradient": (
        "course_lib.losses.binary_cross_entropy_with_logits",
        "course_lib.losses.binary_cross_entropy_with_logits_grad",
        "course_lib.linear_models.LogisticRegression",
    ),
    "sgd_epoch": ("course_lib.linear_models.LogisticRegression",),
    "sgd_with_schedule": (
        "course_lib.linear_models.LogisticRegression",
        "course_lib.optim.make_schedule",
    ),
    "newton_step": ("course_lib.linear_models.LogisticRegression",),
    # --- 03_xor_mlp -------------------------------------------------------------------
    "forward_two_layer": (
        "course_lib.layers.Linear",
        "course_lib.layers.Sequential",
        "course_lib.mlp.MLPClassifier",
    ),
    "backward_two_layer": (
        "course_lib.layers.Sequential",
        "course_lib.activations.tanh_derivative",
        "course_lib.gradcheck.numerical_gradient",
    ),
    "train_xor": (
        "course_lib.mlp.MLPClassifier",
        "course_lib.layers.Sequential",
        "course_lib.training.train",
    ),
    # --- 04_computation_graphs --------------------------------------------------------
    "unary_local_grad": ("course_lib.engine.Value", "course_lib.dual.Dual"),
    "sigmoid_neuron_grads": (
        "course_lib.engine.Value",
        "course_lib.dual.Dual",
        "course_lib.activations.sigmoid_derivative",
    ),
    "binary_local_grads": ("course_lib.engine.Value", "course_lib.dual.Dual"),
    "topological_order": ("course_lib.engine.topological_order",),
    "backward": ("course_lib.engine.Value.backward",),
    "mlp_forward": ("course_lib.value_nn.mlp_forward",),
    "fit_mlp": ("course_lib.value_nn.fit", "course_lib.value_nn.logistic_loss"),
    # --- 05_vectorized_backprop -------------------------------------------------------
    "dense_layer": ("course_lib.layers.Linear",),
    "activation_layers": (
        "course_lib.layers.ReLU",
        "course_lib.layers.Sigmoid",
        "course_lib.activations.sigmoid",
    ),
    "softmax_cross_entropy": (
        "course_lib.losses.softmax_cross_entropy",
        "course_lib.losses.SoftmaxCrossEntropy",
        "course_lib.activations.softmax",
    ),
    "huber_loss": ("course_lib.losses.huber", "course_lib.losses.HuberLoss"),
    "train_epoch": (
        "course_lib.training.train",
        "course_lib.optim.SGD",
        "course_lib.layers.Sequential.backward",
    ),
    "layer_statistics": (
        "course_lib.training.layer_statistics",
        "course_lib.layers.Sequential.backward",
    ),
    # --- 06_universal_approximation ---------------------------------------------------
    "bump_weights": ("course_lib.layers.Linear",),
    "sgd_momentum": ("course_lib.optim.sgd_momentum", "course_lib.optim.SGD"),
    "adam": ("course_lib.optim.adam", "course_lib.optim.Adam"),
}
