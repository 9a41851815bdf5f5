"""The check library: what every lesson's checks stand on.

Pure judgements over a call protocol (``submission``): questions (``spec``), verdicts and their
diagnostic codes, tolerances, the theta layout found from behaviour, and the ``Lesson`` a lesson's
folder builds from them. It imports nothing but numpy and jax and holds no reference solution
(expected values come from a lesson's oracle), and ``autograder assign`` copies it, with one
lesson's own checks, into the folder students receive, where Otter's ``grader.check`` runs them.
"""

from .context import Context, Roles
from .lesson import Lesson
from .spec import Question, judge_in_order
from .submission import LocalSubmission, Submission
from .verdict import Finding, Verdict

__all__ = [
    "Context",
    "Finding",
    "Lesson",
    "LocalSubmission",
    "Question",
    "Roles",
    "Submission",
    "Verdict",
    "judge_in_order",
]
