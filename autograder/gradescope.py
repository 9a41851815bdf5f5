"""Grading on Gradescope: what the package's ``run_autograder`` runs (``autograder gradescope``).

Gradescope's layout, under a root that tests move (``--root``, ``$AUTOGRADER_ROOT``; default
``/autograder``): ``submission/`` holds what the student uploaded, ``submission_metadata.json`` who
submitted it, ``source/`` the unpacked package (``autograder.json``: lesson, limits, visibility;
``secret``: the course secret, readable by root alone), and ``results/results.json`` is what
Gradescope shows. The submission is graded by the engine, as ``autograder grade`` grades it: in a
sandbox, as another uid, under its own time limit, well inside Gradescope's.

``results.json`` is built in memory and written once, atomically, and it is always valid: a
submission that is not exactly one notebook (or Otter export) gets 0 and a message saying what to
upload, and a failure of the grader itself gets 0 and a message, never Gradescope's "the autograder
failed to execute correctly". Student-derived text is escaped for Markdown (``escape``); what the
checks measured (hidden inputs, expected values) never reaches it.
"""

import json
import os
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import escape, lessons
from .engine.confine import Limits
from .engine.outputs import student_text, summary_markdown
from .engine.result import QuestionResult, Result
from .one_submission import grade_folder, read_platform_json, write_results
from .report import Drawing, drawing

DEFAULT_ROOT = Path("/autograder")
CONFIG = "autograder.json"
SECRET = "secret"
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


@dataclass(frozen=True)
class Config:
    """What the instructor chose when building the package (``autograder assign``)."""

    lesson: str = lessons.DEFAULT
    timeout_s: float = 300.0
    """Per submission: well under Gradescope's default 10 minutes for the whole run."""
    memory_mb: int = 3072
    visibility: str = "visible"
    """Of each question's result: ``after_published`` hides the hidden checks until grades are published."""

    @classmethod
    def read(cls, path: Path) -> "Config":
        data = json.loads(path.read_text()) if path.is_file() else {}
        config = cls(**{key: data[key] for key in ("lesson", "timeout_s", "memory_mb", "visibility") if key in data})
        if config.lesson not in lessons.NAMES or config.visibility not in VISIBILITIES:
            raise ValueError(f"{path}: unknown lesson or visibility")
        return config


def identity(metadata: Path) -> str | None:
    """Who submitted, from ``submission_metadata.json``: the assignment and the submitters' user ids
    (a group submission is one identity). None when the file is missing or says nobody."""
    data = read_platform_json(metadata)
    if not isinstance(data, dict):
        return None
    users = data.get("users") if isinstance(data.get("users"), list) else []
    ids = sorted(str(u["id"]) for u in users if isinstance(u, dict) and isinstance(u.get("id"), int | str))
    assignment = data.get("assignment") if isinstance(data.get("assignment"), dict) else {}
    if not ids:
        return None
    return f"gradescope:{assignment.get('id', '')}:{'+'.join(ids)}"


def _test(question: QuestionResult, visibility: str) -> dict[str, Any]:
    return {
        "name": question.name,
        "score": question.score,
        "max_score": question.max_score,
        "status": "passed" if question.score >= question.max_score else "failed",
        "output": student_text(question),
        "output_format": "md",
        "visibility": visibility,
    }


def results_json(result: Result, visibility: str, seconds: float, drawn: Drawing | None = None) -> dict[str, Any]:
    """Gradescope's results.json for one graded submission: one test per question, and the report's
    numbers of the notebook's run (``drawn``) under the summary (as Markdown: no pictures, which
    Gradescope's output is not documented to show)."""
    run = f"\n\n**Your notebook's run**\n\n{drawn.markdown()}" if drawn is not None else ""
    return {
        "score": result.score,
        "execution_time": round(seconds),
        "output": summary_markdown(result) + run,
        "output_format": "md",
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": [_test(t, visibility) for t in result.tests],
    }


def refusal_json(message: str, seconds: float) -> dict[str, Any]:
    """0 points and a message: nothing gradable was uploaded, or the grader could not grade it."""
    return {
        "score": 0.0,
        "execution_time": round(seconds),
        "output": escape.markdown(message),
        "output_format": "md",
        "stdout_visibility": "hidden",
        "tests": [],
    }


def run(root: Path = DEFAULT_ROOT) -> int:
    """Grade ``root``'s submission and write ``root/results/results.json``; returns 0 once it is written."""
    start = time.monotonic()
    try:
        config = Config.read(root / "source" / CONFIG)
        secret_file = root / "source" / SECRET
        secret = secret_file.read_text().strip() if secret_file.is_file() else os.environ.get("AUTOGRADER_SECRET", "")
        if not secret:
            raise ValueError("no course secret in the package (autograder assign --secret ...)")
        limits = Limits(timeout_s=config.timeout_s, wall_cap_s=config.timeout_s, memory_mb=config.memory_mb)
        student = identity(root / "submission_metadata.json")
        hide = (root,)  # the package, its secret and the results folder: none of the worker's business
        lesson = lessons.load(config.lesson)
        graded = grade_folder(root / "submission", lesson, secret, student, hide, limits)
        if isinstance(graded, str):
            payload = refusal_json(graded, time.monotonic() - start)
        else:
            payload = results_json(graded, config.visibility, time.monotonic() - start, drawing(lesson, graded))
    except Exception as error:  # the grader's own failure: the student gets a message, the log the trace
        traceback.print_exc()
        message = f"The grader could not grade this submission ({type(error).__name__}); your instructor can see why."
        payload = refusal_json(message, time.monotonic() - start)
    write_results(root / "results", payload)
    return 0
