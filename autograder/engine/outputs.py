"""What a batch writes for instructors and students: grades.csv, results.jsonl, feedback files.

``results.jsonl`` gets one line per result as soon as it is known (appended and flushed), so a
crash or Ctrl-C keeps everything finished; ``grades.csv`` is rewritten from all results at the end.
Feedback files say what each question lost and why, never hidden inputs or expected values.
"""

import csv
import json
import re
from pathlib import Path
from typing import TextIO

from ..checks import QUESTIONS

STATUS_TEXT = {
    "graded": "Graded.",
    "timeout": "Not graded: the notebook ran longer than the time limit.",
    "memory-limit": "Stopped by the memory limit.",
    "crashed": "Not graded: the notebook's process crashed.",
    "invalid": "Not graded: the file is not a readable notebook.",
}


class ResultsLog:
    """Append-only results.jsonl, one flushed line per result."""

    def __init__(self, path: Path):
        self.handle: TextIO = path.open("a", encoding="utf-8")

    def write(self, result: dict) -> None:
        self.handle.write(json.dumps(result, sort_keys=True) + "\n")
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()


def write_grades_csv(path: Path, results: list[dict]) -> None:
    """Otter's ``final_grades.csv`` layout plus the student's identity, and a points-possible row."""
    names = [q.name for q in QUESTIONS]
    columns = ["file", "student", *names, "total_points_earned", "percent_correct", "grading_status"]
    temporary = path.with_suffix(".csv.tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerow(
            ["POINTS POSSIBLE", "", *[q.points for q in QUESTIONS], sum(q.points for q in QUESTIONS), 100, ""]
        )
        for result in results:
            scores = {t["name"]: t["score"] for t in result["tests"]}
            percent = round(100 * result["score"] / result["max_score"], 2) if result["max_score"] else 0
            row = [result["submission"], result["student"] or "", *[scores.get(n, 0) for n in names]]
            writer.writerow([*row, result["score"], percent, result["status"]])
    temporary.replace(path)


def feedback_name(submission: str) -> str:
    """A file name for a submission's feedback, unique per path and safe on every file system."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", submission).strip("_")[-120:]
    return f"{stem}.md"


def feedback_markdown(result: dict) -> str:
    """The student's report: status, total, and per question the score and what to fix."""
    lines = [
        f"# Feedback: {Path(result['submission']).name}",
        "",
        f"**{result['score']:g} / {result['max_score']:g} points.** {STATUS_TEXT.get(result['status'], '')}",
    ]
    if result.get("reason"):
        lines += ["", result["reason"]]
    lines += ["", "| question | points | feedback |", "|---|---|---|"]
    for test in result["tests"]:
        message = test["message"].replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{test['name']}` | {test['score']:g} / {test['max_score']:g} | {message} |")
    return "\n".join(lines) + "\n"
