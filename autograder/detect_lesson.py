"""Which lesson a batch answers, when the instructor did not say: the lesson its notebooks name.

Every handed-out notebook carries its lesson in ``metadata.otter.assignment_name`` (Otter writes it
from the master's ``name``, which is the lesson's name). A submission is student-controlled, so the
name only ever selects among registered lessons, and the batch follows the lesson most of its
notebooks name: one notebook claiming another lesson cannot change how the class is graded, nor stop
the batch. Notebooks that name none (older handouts, blank files) count for nothing.
"""

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import lessons
from .engine.inputs import Submission, discover


def named_lesson(notebook: bytes) -> str | None:
    """The registered lesson ``notebook`` names in its metadata, or None (unreadable, unnamed, unknown)."""
    try:
        metadata = json.loads(notebook).get("metadata", {})
        name = metadata.get("otter", {}).get("assignment_name")
    except Exception:  # not JSON, not an object, nested past the parser's depth...
        return None
    return name if isinstance(name, str) and name in lessons.NAMES else None


def count_lessons(submissions: Iterable[Submission]) -> Counter[str]:
    """How many of ``submissions`` name each registered lesson."""
    counts: Counter[str] = Counter()
    for submission in submissions:
        try:
            name = named_lesson(submission.read())
        except ValueError:  # not readable: grading will say why
            continue
        if name is not None:
            counts[name] += 1
    return counts


def detect(paths: list[Path]) -> tuple[str, Counter[str]]:
    """The lesson the notebooks under ``paths`` answer (the most named; ties and none go to the
    registry's order, so the default lesson when nothing is named), with the counts it was chosen from."""
    counts = count_lessons(discover(paths))
    chosen = max(lessons.NAMES, key=lambda name: (counts[name], -lessons.NAMES.index(name)))
    return chosen, counts
