"""Command line: ``autograder assign``, ``grade``, ``export``, ``gradescope``, ``prairielearn``, ``demo``
and ``lessons``.

``main(argv)`` returns an exit status; errors become one line on stderr at this boundary.
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import __version__, escape, lessons
from .engine.confine import WALL_CAP
from .gradescope import VISIBILITIES


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
    assign.add_argument(
        "--gradescope-visibility",
        choices=VISIBILITIES,
        default="visible",
        help="when Gradescope shows each question's result (default: visible)",
    )
    assign.add_argument(
        "--no-run-tests",
        dest="run_tests",
        action="store_false",
        help="skip Otter's check that the master notebook passes its own tests (it runs the whole notebook)",
    )

    commands.add_parser("lessons", help="list the lessons this grader knows")

    grade = commands.add_parser("grade", help="grade notebooks, Otter zips and folders of them (LMS downloads too)")
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    grade.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="where grades, feedback and the gradebook go"
    )
    _grading_options(grade)

    export = commands.add_parser("export", help="gradebook CSVs for Canvas, Moodle or Blackboard from a grading folder")
    formats = export.add_subparsers(dest="format", required=True)
    for name, what in (("canvas", "Canvas"), ("moodle", "Moodle"), ("blackboard", "Blackboard Grade Center")):
        target = formats.add_parser(name, help=f"the {what} import file")
        target.add_argument("folder", type=Path, metavar="DIR", help="the output folder of autograder grade")
        target.add_argument("--output", type=Path, required=True, metavar="FILE", help="the CSV file to write")
        target.add_argument("--assignment", required=name != "moodle", default="", help=_ASSIGNMENT_HELP[name])
    formats.choices["canvas"].add_argument(
        "--roster", type=Path, required=True, metavar="CSV", help="the course's Canvas gradebook export"
    )
    formats.choices["canvas"].add_argument(
        "--missing", choices=("blank", "zero"), default="blank", help="students without a result (default: blank)"
    )
    formats.choices["blackboard"].add_argument(
        "--column-id", default="", help="the Grade Center column's id (default: none, a new column)"
    )

    gradescope = commands.add_parser("gradescope", help="grade a Gradescope submission (what run_autograder runs)")
    gradescope.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("AUTOGRADER_ROOT", "/autograder")),
        help="Gradescope's folder (default: $AUTOGRADER_ROOT, else /autograder)",
    )

    prairielearn = commands.add_parser("prairielearn", help="grade a PrairieLearn submission (the external grader)")
    prairielearn.add_argument(
        "--root", type=Path, default=Path("/grade"), help="PrairieLearn's folder (default /grade)"
    )
    prairielearn.add_argument("--lesson", choices=lessons.NAMES, default=lessons.DEFAULT, help="the question's lesson")

    demo = commands.add_parser("demo", help="grade the bundled example submissions of each lesson")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR", help="one folder per lesson in it")
    _grading_options(demo, timeout_s=DEMO_TIMEOUT_S)
    return parser


_ASSIGNMENT_HELP = {
    "canvas": 'the gradebook column, "NAME (ID)" as Canvas names it (a name without its id makes a new column)',
    "moodle": "the grade item's column header (default: Grade)",
    "blackboard": "the Grade Center column's name",
}

DEMO_TIMEOUT_S = 60.0
"""The demo's time limit: its slowest honest example takes about 25 s on a busy 2-core machine, and
its never-ending notebook should not keep a first-time user waiting the full default of 600 s."""


def _grading_options(parser: argparse.ArgumentParser, timeout_s: float = 600.0) -> None:
    parser.add_argument(
        "--lesson",
        choices=lessons.NAMES,
        default=None,
        help="the lesson the notebooks answer (grade: default, the lesson most notebooks name in their"
        f" metadata, else {lessons.DEFAULT}; demo: every lesson)",
    )
    parser.add_argument(
        "--workers", type=int, default=max(1, os.cpu_count() or 1), help="sandboxes at once (default: all cores)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=timeout_s,
        metavar="SECONDS",
        help=f"time limit per submission (default: {timeout_s:g}): its processes' processor time, or the"
        f" wall clock it did not spend waiting for a processor; never more than {WALL_CAP:g}x on the wall clock",
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
    parser.add_argument(
        "--compile-cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the programs compiled for grading in DIR, shared by every batch that names it"
        " (default: $AUTOGRADER_COMPILE_CACHE, else the output folder)",
    )
    parser.add_argument(
        "--cluster",
        default=None,
        metavar="ADDRESS",
        help="grade on a Dask cluster: its scheduler's address (tcp://host:8786), its scheduler file,"
        " or local:N for N worker processes on this machine (--workers is then unused)",
    )


def _secret(args: argparse.Namespace) -> str:
    secret = args.secret or os.environ.get("AUTOGRADER_SECRET")
    if not secret:
        raise SystemExit("autograder: error: give the course secret with --secret or $AUTOGRADER_SECRET")
    return secret


def _grade(paths: list[Path], out: Path, lesson_name: str, args: argparse.Namespace, secret: str) -> int:
    from .engine.batch import Options, grade, shared_compile_cache, summary_table
    from .engine.confine import Limits
    from .report import REPORTS

    if args.workers < 1 or args.timeout <= 0 or args.memory_mb < 256:
        raise SystemExit("autograder: error: --workers >= 1, --timeout > 0 and --memory-mb >= 256 are required")
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    lesson = lessons.load(lesson_name)
    options = Options(
        out,
        secret,
        lesson,
        args.workers,
        limits,
        args.regrade,
        progress=not args.quiet,
        exact=args.exact,
        cluster=args.cluster,
        compile_cache=args.compile_cache or shared_compile_cache(os.environ),
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
    written = f"{out / 'grades.csv'}, {out / 'results.jsonl'}, {out / 'feedback'}/"
    print(f"wrote {written} and {out / REPORTS}/ (a report per student)")
    print(f"class dashboard: {out / 'index.html'}")
    if summary.interrupted:
        return 130
    if summary.stopped:
        print(f"autograder grade: error: {escape.safe(summary.stopped)}", file=sys.stderr)
        return 1
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
    if args.command == "export":
        return _export(args)
    if args.command == "gradescope":
        from . import gradescope

        return gradescope.run(args.root)
    if args.command == "prairielearn":
        from . import prairielearn

        return prairielearn.run(args.root, args.lesson)
    secret = _secret(args) if args.command == "grade" else None
    if secret is not None:
        return _grade(args.paths, args.out, args.lesson or _detected_lesson(args.paths), args, secret)
    from .demo import build_examples

    secret = args.secret or os.environ.get("AUTOGRADER_SECRET") or "demo-secret"
    status = 0
    for name in [args.lesson] if args.lesson else lessons.NAMES:
        examples = build_examples(lessons.load(name), args.out / name / "submissions")
        status = max(status, _grade([examples], args.out / name, name, args, secret))
    return status


def _detected_lesson(paths: list[Path]) -> str:
    """The lesson most students under ``paths`` name, said on stdout with how many name another."""
    from .detect_lesson import detect

    chosen, votes, students = detect(paths)
    others = ", ".join(f"{votes[name]} name {name}" for name in lessons.NAMES if name != chosen and votes[name])
    if votes[chosen] * 2 > students:
        named = f"named by {votes[chosen]} of {students} students"
    else:
        named = "no lesson is named by most students: the default"
    print(f"lesson: {chosen} ({named}{'; ' + others if others else ''}; --lesson chooses)")
    return chosen


def _assign(args: argparse.Namespace) -> int:
    from .assign import AssignError, assign

    for name in [args.lesson] if args.lesson else lessons.NAMES:
        try:
            secret = args.secret or os.environ.get("AUTOGRADER_SECRET")
            assign(lessons.load(name), args.assignments, args.dist, secret, args.gradescope_visibility, args.run_tests)
        except (AssignError, OSError) as error:
            print(f"autograder assign: error: {name}: {error}", file=sys.stderr)
            return 1
        built = ", ".join(str(args.dist / name / kind) for kind in ("handout", "otter", "gradescope", "prairielearn"))
        print(f"wrote {args.assignments / name}, {built}")
        if name == lessons.DEFAULT:  # where the contract names the platforms' autograders: the default lesson's
            for kind in ("otter", "gradescope"):
                (args.dist / kind).mkdir(parents=True, exist_ok=True)
                shutil.copy(args.dist / name / kind / "autograder.zip", args.dist / kind / "autograder.zip")
    return 0


def _export(args: argparse.Namespace) -> int:
    from . import lms_export

    try:
        if args.format == "canvas":
            missing_zero = args.missing == "zero"
            report = lms_export.canvas(args.folder, args.roster, args.assignment, args.output, missing_zero)
        elif args.format == "moodle":
            report = lms_export.moodle(args.folder, args.assignment, args.output)
        else:
            report = lms_export.blackboard(args.folder, args.assignment, args.output, args.column_id)
    except lms_export.ExportError as error:
        print(f"autograder export: error: {error}", file=sys.stderr)
        return 1
    for line in report.notes + report.unplaced:
        print(f"autograder export: {line}", file=sys.stderr)
    where = escape.safe(str(args.output))
    print(f"wrote {where}: {report.rows} students, {len(report.unplaced)} results not placed (listed above)")
    return 0


def entrypoint() -> None:
    sys.exit(main())
