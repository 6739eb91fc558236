"""The ``course`` command line (also ``python -m course_lib``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path


def _demo(args: argparse.Namespace) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Tools of the neural-network fundamentals course."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="train the reference MLP on XOR and spirals and save the figures",
        description="Train the reference MLP on XOR and on spirals and save the decision "
        "boundaries as PNG files.",
    )
    demo.add_argument(
        "--output",
        type=Path,
        default=Path("artifacts/demo"),
        help="folder for the figures (default: artifacts/demo)",
    )
    demo.set_defaults(run=_demo)

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
