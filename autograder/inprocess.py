"""Grade one notebook in this process, without a sandbox.

For trusted notebooks only (the reference, the test corpus run in a throwaway subprocess): student
code and checks share the process. ``python -m autograder.inprocess NOTEBOOK --seed N`` prints the
verdicts as JSON, so a caller can run it in a child process and read plain data back.
"""

import argparse
import json
import sys
from pathlib import Path

import nbformat

from .checks import Context, LocalSubmission, judge_in_order
from .checks.otter_bridge import public_context
from .execute import execute
from .reference import hidden_context, local_submission


def grade(notebook: Path, seed: int, public_table: Path | None = None) -> dict:
    """Execute ``notebook`` and judge every question: hidden checks, and public ones if a table is given."""
    run = execute(nbformat.read(notebook, as_version=4))
    report: dict = {"cell_errors": [[e.index, e.error] for e in run.errors]}
    contexts: list[tuple[str, Context, LocalSubmission]] = [
        ("tests", hidden_context(seed), local_submission(run.namespace))
    ]
    if public_table is not None:
        contexts.append(("public", public_context(public_table), LocalSubmission(run.namespace)))
    for key, ctx, sub in contexts:
        report[key] = [verdict.as_dict() for verdict in judge_in_order(sub, ctx)]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.inprocess", description=__doc__)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--public-table", type=Path, default=None)
    args = parser.parse_args(argv)
    report = grade(args.notebook, args.seed, args.public_table)
    sys.stdout.write("\n" + json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
