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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
