"""Which lesson a batch answers, when the instructor did not say: the lesson its students' notebooks name.

Every handed-out notebook carries its lesson in ``metadata.otter.assignment_name`` (Otter writes it
from the master's ``name``, which is the lesson's name). A submission is student-controlled, so the
name only ever selects among registered lessons, each student has one vote however many files they
hand in, and a lesson is chosen only when most students who handed in a readable notebook name it
(else the default lesson): one student, or a few, claiming another lesson cannot change how the
class is graded, nor stop the batch. Notebooks that name none (older handouts, blank files) vote for
no lesson, and so do students whose notebooks name different ones.
"""

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import lessons
from .engine.inputs import Submission, discover


class _NotANotebookError(ValueError):
    """Not a JSON object: no student's vote (grading will say why)."""


def _named(notebook: bytes) -> str | None:
    """The registered lesson ``notebook`` names, or None; ``_NotANotebookError`` if it is no JSON object."""
    try:
        document = json.loads(notebook)
    except Exception:  # not JSON, not text, nested past the parser's depth...
        raise _NotANotebookError from None
    if not isinstance(document, dict):
        raise _NotANotebookError
    try:
        name = document.get("metadata", {}).get("otter", {}).get("assignment_name")
    except AttributeError:  # metadata or otter not an object
        return None
    return name if isinstance(name, str) and name in lessons.NAMES else None


def named_lesson(notebook: bytes) -> str | None:
    """The registered lesson ``notebook`` names in its metadata, or None (unreadable, unnamed, unknown)."""
    try:
        return _named(notebook)
    except _NotANotebookError:
        return None


def count_lessons(submissions: Iterable[Submission]) -> tuple[Counter[str], int]:
    """How many students name each registered lesson, and how many students handed in a readable
    notebook (a submission with no known student is a student of its own)."""
    named: dict[str, set[str | None]] = {}
    for submission in submissions:
        try:
            name = _named(submission.read())
        except ValueError:  # not readable, or not a notebook: grading will say why
            continue
        named.setdefault(submission.student or submission.path, set()).add(name)
    votes = Counter(next(iter(names)) for names in named.values() if len(names) == 1 and None not in names)
    return votes, len(named)


def detect(paths: list[Path]) -> tuple[str, Counter[str], int]:
    """The lesson most students under ``paths`` name (more than half of those with a readable notebook;
    else the registry's default lesson), with the votes and the number of students it was chosen from."""
    votes, students = count_lessons(discover(paths))
    chosen = next((name for name in lessons.NAMES if votes[name] * 2 > students), lessons.DEFAULT)
    return chosen, votes, students
