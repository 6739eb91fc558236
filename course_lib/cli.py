"""The ``course`` command line (also ``python -m course_lib``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from course_lib.reproducible import with_pinned_blas


def _train_demo(args: argparse.Namespace) -> int:
    from course_lib.demo import run_demo

    accuracies = run_demo(args.output)
    for name, accuracy in accuracies.items():
        print(f"{name:10s} training accuracy {accuracy:6.1%}   figure: {args.output / name}.png")
    return 0


def _release(args: argparse.Namespace) -> int:
    from course_lib.grading.course import repository_root
    from course_lib.grading.release import release

    results = release(repository_root(), args.units, check=args.check)
    stale = [result for result in results if result.stale]
    for result in results:
        if not result.stale:
            state = "up to date"
        elif args.check:
            state = "STALE: " + ", ".join(result.changed)
        else:
            state = "regenerated: " + ", ".join(result.changed)
        print(f"{result.unit:30s} {state}")
    if args.check and stale:
        print("the release in notebooks/ is stale: run `make release` and commit notebooks/")
        return 1
    return 0


def _execute(args: argparse.Namespace) -> int:
    from course_lib.grading.course import SOURCE_DIR, repository_root, units
    from course_lib.grading.execute import execute_notebook

    root = repository_root()
    known = units(root)
    unknown = sorted(set(args.units) - set(known))
    if unknown:
        print(f"unknown unit(s) {unknown}; the units are {known}")
        return 2
    for unit in args.units or known:
        execute_notebook(root / SOURCE_DIR / unit / f"{unit}.ipynb")
        print(f"{unit:30s} executed")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from course_lib.grading.cli_grading import add_grading_commands

    parser = argparse.ArgumentParser(
        prog="course", description="Tools of the neural-network fundamentals course."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_grading_commands(commands)
    train_demo = commands.add_parser(
        "train-demo",
        help="train the reference MLP on XOR and spirals and save the figures",
        description="Train the reference MLP on XOR and on spirals and save the decision "
        "boundaries as PNG files.",
    )
    train_demo.add_argument(
        "--output",
        type=Path,
        default=Path("artifacts/demo"),
        help="folder for the figures (default: artifacts/demo)",
    )
    train_demo.set_defaults(run=_train_demo)

    release = commands.add_parser(
        "release",
        help="generate the student notebooks in notebooks/ from solutions/",
        description="Generate the student release notebooks/<unit>/ from the source notebooks "
        "solutions/<unit>/ with nbgrader: solutions become stubs, hidden tests and outputs "
        "are removed.",
    )
    release.add_argument("units", nargs="*", metavar="UNIT", help="units to release (default: all)")
    release.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the committed release differs from a fresh one",
    )
    release.set_defaults(run=_release)

    execute = commands.add_parser(
        "execute",
        help="run the source notebooks in solutions/ and store their outputs",
        description="Execute solutions/<unit>/<unit>.ipynb top to bottom in a fresh kernel and "
        "write it back with its outputs (without timestamps or widget state).",
    )
    execute.add_argument("units", nargs="*", metavar="UNIT", help="units to run (default: all)")
    execute.set_defaults(run=_execute)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Before numpy first loads: the grader's numbers, and those of every process it starts,
    # are then the same on every machine that grades (`course_lib.reproducible`).
    os.environ.update(with_pinned_blas(os.environ))
    args = build_parser().parse_args(argv)
    return args.run(args)
