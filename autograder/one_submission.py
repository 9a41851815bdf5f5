"""One submission graded by the engine, for the platforms that grade one upload at a time (Gradescope,
PrairieLearn): the folder the platform unpacked it into must hold exactly one notebook or Otter
export; anything else is a message for the student, not an error."""

import json
import tempfile
from pathlib import Path
from typing import Any

from . import escape
from .checks import Lesson
from .engine.confine import Limits
from .engine.result import Result


def grade_folder(
    folder: Path, lesson: Lesson, secret: str, student: str | None, hide: tuple[Path, ...], limits: Limits
) -> Result | str:
    """The result for the one submission in ``folder`` (graded as ``autograder grade`` grades, in a
    sandbox, with ``student`` as its identity and ``hide`` also hidden from the worker), or a message
    saying what to upload instead."""
    from .engine.batch import Options, grade
    from .engine.inputs import discover

    found = list(discover([folder]))
    if len(found) != 1:
        names = ", ".join(escape.safe(Path(s.path).name) for s in found) or "none"
        return f"Upload exactly one notebook ({lesson.notebook}) or one Otter export zip; found {len(found)}: {names}."
    with tempfile.TemporaryDirectory(prefix="autograder-one-") as out:
        options = Options(
            Path(out),
            secret,
            lesson,
            workers=1,
            limits=limits,
            regrade=True,
            progress=False,
            student=student,
            hide=hide,
        )
        summary = grade([Path(found[0].path)], options)
    return summary.results[0] if summary.results else "The grader found nothing to grade in the upload."


MAX_PLATFORM_JSON_BYTES = 1024 * 1024
"""Largest metadata file read from a platform (submission metadata, question data)."""


def read_platform_json(path: Path) -> Any:
    """A platform's small JSON file, or None if it is missing, too large or not JSON."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLATFORM_JSON_BYTES + 1)
        return json.loads(raw) if len(raw) <= MAX_PLATFORM_JSON_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None


def write_results(results_dir: Path, payload: dict[str, Any]) -> None:
    """Write a platform's results.json once: strict JSON, replaced in one step, never written
    through a link someone left in the folder."""
    results_dir.mkdir(parents=True, exist_ok=True)
    temporary = results_dir / "results.json.tmp"
    temporary.unlink(missing_ok=True)
    temporary.write_text(json.dumps(payload, allow_nan=False, ensure_ascii=True))
    temporary.replace(results_dir / "results.json")
