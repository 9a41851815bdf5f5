"""Gradebook CSVs for Canvas, Moodle and Blackboard, made from a grading output folder (never regrading).

The grades are read back from ``results.jsonl`` (``Result.from_json``: strict JSON; a line that is not
a result is reported and skipped). A student with several results (two files, a resubmission) gets
the highest score, and is reported. Every result that cannot be placed (no student identity, or one
the Canvas roster does not hold) is reported too, never dropped in silence: ``Export.unplaced``.

Every cell of every file, whether it comes from a result or from the roster the LMS handed over, goes
through ``escape.csv_cell`` (no cell starts a spreadsheet formula). Formats, as each platform imports
them:

- Canvas: the instructor's gradebook export is the roster: its identity columns (``Student, ID,
  SIS User ID, SIS Login ID, Section``), then one column named ``<assignment> (<id>)``, the
  "Points Possible" row, and one line per roster student, matched on ``ID``, ``SIS User ID`` or
  ``SIS Login ID``; a student without a result gets a blank (or 0 with ``missing_zero``).
- Moodle: ``Identity,<assignment>,Feedback``: the teacher maps Identity to the user field the ids are
  (user id, username, id number or email) and Feedback to the item's feedback on upload.
- Blackboard: ``Username,"<assignment> [Total Pts: <max> Score] |<column id>"``, every value quoted;
  without a column id Blackboard creates a new column.
"""

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import escape
from .engine.result import Result

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest results.jsonl or roster read (a class of thousands takes a few megabytes)."""
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_KEYS = ("ID", "SIS User ID", "SIS Login ID")
"""The roster columns a result's student identity is matched against, in this order."""


class ExportError(Exception):
    """An input the export cannot use at all (no results, an unreadable roster, a bad option)."""


@dataclass
class Export:
    """What an export wrote, and what the instructor must hear about."""

    rows: int = 0
    unplaced: list[str] = field(default_factory=list)
    """One line per result that got no place in the file (no identity, not on the roster)."""
    notes: list[str] = field(default_factory=list)
    """Lines the instructor should read: skipped lines, students with several results."""


def _read_text(path: Path, what: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExportError(f"cannot read {what} {escape.safe(str(path))}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ExportError(f"{what} {escape.safe(str(path))} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return data.decode("utf-8-sig", errors="replace")


def load_results(folder: Path, report: Export) -> list[Result]:
    """The results in ``folder/results.jsonl``; a line that is not a result is noted and skipped."""
    if not (folder / "results.jsonl").is_file():
        raise ExportError(f"no results.jsonl in {escape.safe(str(folder))}: grade the submissions first (--out there)")
    text = _read_text(folder / "results.jsonl", "the grading results")
    results = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            result = Result.from_json(line)
            if not all(isinstance(v, int | float) and math.isfinite(v) for v in (result.score, result.max_score)):
                raise ValueError("score is not a number")
            results.append(result)
        except (KeyError, ValueError, TypeError, AttributeError):
            report.notes.append(f"results.jsonl line {number} is not a result: skipped")
    if not results:
        raise ExportError(f"no results in {escape.safe(str(folder / 'results.jsonl'))}: grade the submissions first")
    if len({r.max_score for r in results}) > 1 or len({r.lesson for r in results}) > 1:
        raise ExportError("results.jsonl holds results of more than one lesson: export one grading folder per lesson")
    return results


def best_per_student(results: Sequence[Result], report: Export) -> dict[str, Result]:
    """Each identified student's result with the highest score; the unidentified ones go to
    ``report.unplaced`` and students with several results to ``report.notes``."""
    chosen: dict[str, Result] = {}
    counts: dict[str, int] = {}
    for result in results:
        if not result.student:
            report.unplaced.append(f"{escape.safe(result.submission)}: no student identity (not from an LMS download)")
            continue
        counts[result.student] = counts.get(result.student, 0) + 1
        if result.student not in chosen or result.score > chosen[result.student].score:
            chosen[result.student] = result
    for student, count in counts.items():
        if count > 1:
            best = chosen[student]
            report.notes.append(
                f"student {escape.safe(student)}: {count} results, the highest ({best.score:g}) exported"
                f" ({escape.safe(best.submission)})"
            )
    return chosen


def _points(value: float) -> str:
    return f"{value:.2f}"


def _feedback(result: Result) -> str:
    """One line a student can read in the LMS: the score and what each question lost, by code."""
    lost = [f"{t.name}: {', '.join(t.diagnostics)}" for t in result.tests if t.score < t.max_score]
    text = f"{result.score:g}/{result.max_score:g}"
    if result.status.value != "graded":
        text += f" ({result.status.value})"
    return text + (": " + "; ".join(lost) if lost else "")


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], quote_all: bool = False) -> None:
    """Write the CSV, every cell escaped; replaced in one step, so a failed write keeps the old file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape.csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([escape.csv_cell(cell) for cell in row])
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(buffer.getvalue(), encoding="utf-8", errors="backslashreplace", newline="")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {escape.safe(str(path))}: {error.strerror}") from None


def _roster(path: Path) -> list[dict[str, str]]:
    """The students of a Canvas gradebook export: its rows less the "Points Possible" row (and any
    row without an id to match)."""
    reader = csv.DictReader(io.StringIO(_read_text(path, "the roster"), newline=""))
    columns = reader.fieldnames or []
    if not {"Student", "ID"} <= set(columns):
        raise ExportError(f"{escape.safe(str(path))} is not a Canvas gradebook export (no Student and ID columns)")
    try:
        rows = [{k: v if isinstance(v, str) else "" for k, v in row.items() if isinstance(k, str)} for row in reader]
    except csv.Error as error:
        raise ExportError(f"{escape.safe(str(path))} is not valid CSV: {escape.safe(str(error))}") from None
    return [
        row
        for row in rows
        if row.get("Student", "").strip() != "Points Possible" and any(row.get(k, "").strip() for k in CANVAS_KEYS)
    ]


def canvas(folder: Path, roster: Path, assignment: str, output: Path, missing_zero: bool = False) -> Export:
    """The Canvas import file for the results in ``folder``: one line per student of ``roster``."""
    if not assignment.strip():
        raise ExportError('give the Canvas column as --assignment "NAME (ID)"')
    report = Export()
    results = load_results(folder, report)
    chosen = best_per_student(results, report)
    students = _roster(roster)
    placed: set[str] = set()
    rows = [["    Points Possible", "", "", "", "", _points(results[0].max_score)]]
    for student in students:
        keys = [student.get(column, "").strip() for column in CANVAS_KEYS]
        found = next((key for key in keys if key and key in chosen), None)
        if found is not None:
            placed.add(found)
            grade = _points(chosen[found].score)
        else:
            grade = "0.00" if missing_zero else ""
        rows.append([*(student.get(column, "") for column in CANVAS_IDENTITY), grade])
    for identity, result in chosen.items():
        if identity not in placed:
            who = escape.safe(identity)
            report.unplaced.append(f"{escape.safe(result.submission)}: student {who} is not on the roster")
    _write(output, [*CANVAS_IDENTITY, assignment.strip()], rows)
    report.rows = len(students)
    return report


def moodle(folder: Path, assignment: str, output: Path) -> Export:
    """The Moodle import file: identity, grade and feedback of each identified student."""
    report = Export()
    chosen = best_per_student(load_results(folder, report), report)
    rows = [[identity, _points(r.score), _feedback(r)] for identity, r in sorted(chosen.items())]
    _write(output, ["Identity", assignment.strip() or "Grade", "Feedback"], rows)
    report.rows = len(rows)
    return report


def blackboard(folder: Path, assignment: str, output: Path, column_id: str = "") -> Export:
    """The Blackboard Grade Center import file: each identified student's grade, keyed by username."""
    if not assignment.strip():
        raise ExportError("give the Grade Center column's name with --assignment")
    report = Export()
    results = load_results(folder, report)
    chosen = best_per_student(results, report)
    column = f"{assignment.strip()} [Total Pts: {results[0].max_score:g} Score]"
    column += f" |{column_id.strip()}" if column_id.strip() else ""
    rows = [[identity, _points(r.score)] for identity, r in sorted(chosen.items())]
    _write(output, ["Username", column], rows, quote_all=True)
    report.rows = len(rows)
    return report
