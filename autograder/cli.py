"""Command line: ``autograder assign``, ``grade``, ``demo`` and ``lessons``.

``main(argv)`` returns an exit status; errors become one line on stderr at this boundary.
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import __version__, escape, lessons


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Autograder for JAX lesson notebooks.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    assign = commands.add_parser(
        "assign", help="build each lesson's student notebook, handout and Otter autograder from its master"
    )
    assign.add_argument(
        "--assignments", type=Path, default=Path("assignments"), help="student notebooks (default: ./assignments)"
    )
    assign.add_argument("--dist", type=Path, default=Path("dist"), help="handouts and autograders (default: ./dist)")
    assign.add_argument("--secret", default=None, help="course secret (default: $AUTOGRADER_SECRET, else random)")
    assign.add_argument("--lesson", choices=lessons.NAMES, default=None, help="only this lesson (default: all)")

    commands.add_parser("lessons", help="list the lessons this grader knows")

    grade = commands.add_parser("grade", help="grade notebooks, Otter zips and folders of them (LMS downloads too)")
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    grade.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="where grades, feedback and the gradebook go"
    )
    _grading_options(grade)

    demo = commands.add_parser("demo", help="grade the bundled example submissions of each lesson")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR", help="one folder per lesson in it")
    _grading_options(demo, timeout_s=DEMO_TIMEOUT_S)
    return parser


DEMO_TIMEOUT_S = 60.0
"""The demo's time limit: its slowest honest example takes about 25 s on a busy 2-core machine, and
its never-ending notebook should not keep a first-time user waiting the full default of 600 s."""


def _grading_options(parser: argparse.ArgumentParser, timeout_s: float = 600.0) -> None:
    parser.add_argument(
        "--lesson",
        choices=lessons.NAMES,
        default=None,
        help=f"the lesson the notebooks answer (grade: default {lessons.DEFAULT}; demo: every lesson)",
    )
    parser.add_argument(
        "--workers", type=int, default=max(1, os.cpu_count() or 1), help="sandboxes at once (default: all cores)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=timeout_s,
        metavar="SECONDS",
        help=f"wall-clock limit per submission (default: {timeout_s:g})",
    )
    parser.add_argument("--memory-mb", type=int, default=4096, metavar="MB", help="address-space limit per submission")
    parser.add_argument("--regrade", action="store_true", help="grade again even if an identical result is stored")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="run the students' gradients as written, not compiled (slower; results graded compiled are regraded)",
    )
    parser.add_argument(
        "--secret", default=None, help="course secret (prefer $AUTOGRADER_SECRET: arguments are visible to ps)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _secret(args: argparse.Namespace) -> str:
    secret = args.secret or os.environ.get("AUTOGRADER_SECRET")
    if not secret:
        raise SystemExit("autograder: error: give the course secret with --secret or $AUTOGRADER_SECRET")
    return secret


def _grade(paths: list[Path], out: Path, lesson_name: str, args: argparse.Namespace, secret: str) -> int:
    from .engine.batch import Options, grade, summary_table
    from .engine.confine import Limits

    if args.workers < 1 or args.timeout <= 0 or args.memory_mb < 256:
        raise SystemExit("autograder: error: --workers >= 1, --timeout > 0 and --memory-mb >= 256 are required")
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    lesson = lessons.load(lesson_name)
    options = Options(
        out, secret, lesson, args.workers, limits, args.regrade, progress=not args.quiet, exact=args.exact
    )
    try:
        summary = grade(paths, options)
    except OSError as error:
        print(f"autograder grade: error: {escape.safe(str(error))}", file=sys.stderr)
        return 1
    if not summary.results:
        print(
            "autograder grade: error: no notebooks (.ipynb) or zips found under "
            + escape.safe(", ".join(map(str, paths))),
            file=sys.stderr,
        )
        return 1
    print(f"{lesson.title} ({lesson.name}): " + summary_table(summary))
    print(f"wrote {out / 'grades.csv'}, {out / 'results.jsonl'} and {out / 'feedback'}/")
    if summary.interrupted:
        return 130
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "lessons":
        for name in lessons.NAMES:
            lesson = lessons.load(name)
            questions = ", ".join(f"{q.name} {q.points:g}" for q in lesson.questions)
            print(f"{name}: {lesson.title} ({lesson.notebook}; {questions}; total {lesson.total_points:g})")
        return 0
    if args.command == "assign":
        return _assign(args)
    secret = _secret(args) if args.command == "grade" else None
    if secret is not None:
        return _grade(args.paths, args.out, args.lesson or lessons.DEFAULT, args, secret)
    from .demo import build_examples

    secret = args.secret or os.environ.get("AUTOGRADER_SECRET") or "demo-secret"
    status = 0
    for name in [args.lesson] if args.lesson else lessons.NAMES:
        examples = build_examples(lessons.load(name), args.out / name / "submissions")
        status = max(status, _grade([examples], args.out / name, name, args, secret))
    return status


def _assign(args: argparse.Namespace) -> int:
    from .assign import AssignError, assign

    for name in [args.lesson] if args.lesson else lessons.NAMES:
        try:
            assign(lessons.load(name), args.assignments, args.dist, args.secret or os.environ.get("AUTOGRADER_SECRET"))
        except (AssignError, OSError) as error:
            print(f"autograder assign: error: {name}: {error}", file=sys.stderr)
            return 1
        print(f"wrote {args.assignments / name}, {args.dist / name / 'handout'} and {args.dist / name / 'otter'}")
        if name == lessons.DEFAULT:  # where the contract names the plain-Otter autograder: the default lesson's
            (args.dist / "otter").mkdir(parents=True, exist_ok=True)
            shutil.copy(args.dist / name / "otter" / "autograder.zip", args.dist / "otter" / "autograder.zip")
    return 0


def entrypoint() -> None:
    sys.exit(main())
