"""The lessons this grader knows, one folder each (see ``checks.lesson``).

Adding a lesson is one line here; nothing else outside its folders changes.
"""

import importlib

from ..checks.lesson import Lesson

NAMES = ("linear_models", "logistic_regression")
"""Registered lessons; the first is the default of ``autograder grade``."""

DEFAULT = NAMES[0]


class UnknownLessonError(LookupError):
    """A lesson name that is not registered."""


def load(name: str) -> Lesson:
    """The lesson ``name`` (its checks are imported now; its reference only when asked for)."""
    if name not in NAMES:
        raise UnknownLessonError(f"no lesson named {name!r}; the lessons are: {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}").LESSON
