"""Command line: ``autograder assign`` (and, later, ``grade``). Errors become one line at this boundary."""

import argparse
import os
import sys
from pathlib import Path

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    assign = commands.add_parser(
        "assign", help="regenerate assignments/ and dist/otter/autograder.zip from the master notebook"
    )
    assign.add_argument(
        "--assignments", type=Path, default=None, help="output folder for the student notebook (default: ./assignments)"
    )
    assign.add_argument(
        "--dist", type=Path, default=Path("dist"), help="output folder for autograder packages (default: ./dist)"
    )
    assign.add_argument("--secret", default=None, help="course secret (default: $AUTOGRADER_SECRET, else random)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "assign":
        from .assign import PROJECT_ROOT, AssignError, assign

        try:
            assign(
                args.assignments or PROJECT_ROOT / "assignments",
                args.dist,
                args.secret or os.environ.get("AUTOGRADER_SECRET"),
            )
        except (AssignError, OSError) as error:
            print(f"autograder assign: error: {error}", file=sys.stderr)
            return 1
        print(f"wrote {args.assignments or PROJECT_ROOT / 'assignments'} and {args.dist / 'otter' / 'autograder.zip'}")
    return 0


def entrypoint() -> None:
    sys.exit(main())
