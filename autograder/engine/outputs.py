"""What a batch writes for instructors and students: grades.csv, results.jsonl, feedback files.

``results.jsonl`` gets one line per result as soon as it is known (appended and flushed), so a
crash or Ctrl-C keeps everything finished, and the previous run's file is replaced only once the
first new result exists; ``grades.csv`` is rewritten from all results at the end. Feedback files
say what each question lost and why (the findings' texts and the notes), never hidden inputs or
expected values: what a finding measured is in results.jsonl only, for instructors. Student-derived
text is escaped for each format by ``escape``; every file is written as UTF-8 with an explicit error
handler, and JSON never holds NaN or Infinity (``Result.to_json``).
"""

import csv
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .. import escape
from .result import QuestionResult, Result, Status

STATUS_TEXT = {
    Status.GRADED: "Graded.",
    Status.TIMEOUT: "Not graded: the notebook ran longer than the time limit.",
    Status.MEMORY_LIMIT: "Stopped by the memory limit.",
    Status.CRASHED: "Not graded: the notebook's process crashed.",
    Status.INVALID: "Not graded: the file is not a readable notebook.",
}


class ResultsLog:
    """results.jsonl, one flushed line per result. The previous run's file is replaced only when
    the first new result is written: a batch that fails or stops before that leaves it as it was."""

    def __init__(self, path: Path):
        self.path = path
        self.handle: TextIO | None = None

    def write(self, line: str) -> None:
        if self.handle is None:
            self.handle = self.path.open("w", encoding="utf-8", errors="backslashreplace")
        self.handle.write(line + "\n")
        self.handle.flush()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def write_grades_csv(path: Path, results: Sequence[Result], questions: Sequence[tuple[str, float]]) -> None:
    """Otter's ``final_grades.csv`` layout plus the student's identity, and a points-possible row;
    ``questions``: the lesson's (name, points), one column each, in the lesson's order."""
    names = [name for name, _ in questions]
    points = [points for _, points in questions]
    columns = ["file", "student", *names, "total_points_earned", "percent_correct", "grading_status"]
    temporary = path.with_suffix(".csv.tmp")
    with temporary.open("w", newline="", encoding="utf-8", errors="backslashreplace") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerow(["POINTS POSSIBLE", "", *points, sum(points), 100, ""])
        for result in results:
            scores = {t.name: t.score for t in result.tests}
            percent = round(100 * result.score / result.max_score, 2) if result.max_score else 0
            who = [escape.csv_cell(result.submission), escape.csv_cell(result.student or "")]
            writer.writerow([*who, *[scores.get(n, 0) for n in names], result.score, percent, result.status.value])
    temporary.replace(path)


def output_name(submission: str, suffix: str) -> str:
    """A file name for what is written about a submission: readable, safe on every file system, and
    unique per path (a digest of the whole path, since ``hw 1`` and ``hw~1`` read alike once made safe)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(submission).name).strip("_.")[-80:] or "submission"
    digest = hashlib.sha256(submission.encode("utf-8", "backslashreplace")).hexdigest()[:12]
    return f"{stem}-{digest}{suffix}"


def feedback_name(submission: str) -> str:
    """The submission's feedback file name in ``feedback/``."""
    return output_name(submission, ".md")


def student_text(test: QuestionResult) -> str:
    """What a student reads of one question: the message, then the notes. Never ``findings``: what
    they measured may be hidden inputs and expected values."""
    return " ".join(escape.markdown(text) for text in (test.message, *test.notes))


def summary_markdown(result: Result) -> str:
    """The total and status in Markdown, then the reason if there is one (feedback files, Gradescope)."""
    summary = f"**{result.score:g} / {result.max_score:g} points.** {STATUS_TEXT[result.status]}"
    return summary + (f"\n\n{escape.markdown(result.reason)}" if result.reason else "")


def feedback_markdown(result: Result) -> str:
    """The student's report: status, total, and per question the score and what to fix."""
    lines = [f"# Feedback: {escape.markdown(Path(result.submission).name)}", "", summary_markdown(result)]
    lines += ["", "| question | points | feedback |", "|---|---|---|"]
    lines += [f"| `{t.name}` | {t.score:g} / {t.max_score:g} | {student_text(t)} |" for t in result.tests]
    return "\n".join(lines) + "\n"


def write_feedback(folder: Path, result: Result) -> None:
    """Write ``result``'s feedback file into ``folder`` (replacing a previous one atomically)."""
    target = folder / feedback_name(result.submission)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(feedback_markdown(result), encoding="utf-8", errors="backslashreplace")
    temporary.replace(target)
