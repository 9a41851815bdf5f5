"""Grade one notebook in this process, without a sandbox.

For trusted notebooks only (the reference, the test corpus run in a throwaway subprocess): student
code and checks share the process. ``python -m autograder.inprocess NOTEBOOK --seed N`` prints the
verdicts as JSON, so a caller can run it in a child process and read plain data back.
"""

import argparse
import contextlib
import json
import sys
from pathlib import Path

import nbformat

from . import lessons
from .accelerate import Accelerator
from .checks import Context, LocalSubmission, judge_in_order
from .engine.result import QuestionResult
from .execute import code_cells, execute_sources


def grade(
    notebook: Path, seed: int, lesson_name: str = lessons.DEFAULT, public: bool = False, accelerate: bool = False
) -> dict:
    """Execute ``notebook`` and judge every question of the lesson: the hidden checks, and the public
    ones too if ``public`` (with the live reference's answers, as the handout's table records them).
    With ``accelerate`` the student's gradients are compiled, as in the engine's workers, and the
    report says what was compiled and which functions fell back (``acceleration``)."""
    lesson = lessons.load(lesson_name)
    lesson.reference()  # imported before the accelerator replaces jax.grad: the reference keeps jax's own
    accelerator = Accelerator() if accelerate else None
    with accelerator.installed() if accelerator else contextlib.nullcontext():
        cells = execute_sources(
            code_cells(nbformat.read(notebook, as_version=4)),
            before_cell=accelerator.start_cell if accelerator else None,
        )
        report: dict = {"cell_errors": [[e.index, e.error] for e in cells.errors]}
        contexts: list[tuple[str, Context, LocalSubmission]] = [
            ("tests", lesson.hidden_context(seed), lesson.local_submission(cells.namespace))
        ]
        if public:
            contexts.append(("public", lesson.public_context(), LocalSubmission(cells.namespace)))

        def forget_compiled(_: object) -> None:  # before each question, as the engine's worker does
            if accelerator is not None:
                accelerator.clear()

        for key, ctx, sub in contexts:
            verdicts = judge_in_order(lesson.questions, sub, ctx, forget_compiled)
            report[key] = [QuestionResult.of(verdict).to_record() for verdict in verdicts]  # as in results.jsonl
    if accelerator is not None:
        report["acceleration"] = {"compiled": accelerator.stats.compiled, "fallbacks": accelerator.stats.fallbacks}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.inprocess", description=__doc__)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--lesson", choices=lessons.NAMES, default=lessons.DEFAULT)
    parser.add_argument("--public", action="store_true", help="also run the public checks")
    parser.add_argument("--accelerate", action="store_true", help="compile the student's gradients, as the engine does")
    args = parser.parse_args(argv)
    report = grade(args.notebook, args.seed, args.lesson, args.public, args.accelerate)
    sys.stdout.write("\n" + json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
