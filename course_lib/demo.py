"""The demo job: train the reference MLP on XOR and on spirals and save the figures.

Run with ``course demo`` (or ``make demo``). Everything is seeded, so two runs print the same
numbers and draw the same figures.
"""

from __future__ import annotations

from pathlib import Path

from course_lib.datasets import spirals, xor_blobs
from course_lib.mlp import MLPClassifier

#: (name, data set, model) of each demo run, with the seeds fixed here.
DEMO_RUNS = (
    (
        "xor",
        lambda: xor_blobs(50, rng=0),
        lambda: MLPClassifier(
            hidden_sizes=(4,), activation="tanh", lr=0.1, epochs=300, batch_size=20, random_state=0
        ),
    ),
    (
        "spirals",
        lambda: spirals(100, n_classes=3, rng=0),
        lambda: MLPClassifier(
            hidden_sizes=(64,),
            activation="relu",
            lr=0.1,
            momentum=0.9,
            epochs=300,
            batch_size=30,
            random_state=0,
        ),
    ),
)


def run_demo(output_dir: Path) -> dict[str, float]:
    """Train each demo model, save its decision boundary as ``<name>.png`` in
    ``output_dir``, and return the training accuracy of each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_lib.plotting import plot_curves, plot_decision_boundary

    output_dir.mkdir(parents=True, exist_ok=True)
    accuracies = {}
    for name, make_data, make_model in DEMO_RUNS:
        X, y = make_data()
        model = make_model().fit(X, y)
        accuracies[name] = model.score(X, y)
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
        plot_decision_boundary(
            model.predict_proba,
            X,
            y,
            ax=left,
            kind="proba",
            title=f"{name}: decision regions, training accuracy {accuracies[name]:.1%}",
        )
        plot_curves({"training loss": model.loss_curve_}, ax=right, title=f"{name}: loss")
        fig.tight_layout()
        fig.savefig(output_dir / f"{name}.png", dpi=100)
        plt.close(fig)
    return accuracies
