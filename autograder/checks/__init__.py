"""The check library: each question of the assignment as a pure judgement over a call protocol.

It imports nothing but numpy and jax, holds no reference solution (expected values come from an
``Oracle``), and is copied as ``lmchecks`` into the folder students receive, where Otter's
``grader.check`` runs its public checks.
"""

from .cases import Cases, hidden_cases, public_cases
from .context import Context
from .oracle import ReferenceOracle, TableOracle
from .spec import BY_NAME, QUESTIONS, TOTAL_POINTS, judge_in_order
from .submission import LocalSubmission, Submission
from .verdict import Finding, Verdict

__all__ = [
    "BY_NAME",
    "QUESTIONS",
    "TOTAL_POINTS",
    "Cases",
    "Context",
    "Finding",
    "LocalSubmission",
    "ReferenceOracle",
    "Submission",
    "TableOracle",
    "Verdict",
    "hidden_cases",
    "judge_in_order",
    "public_cases",
]
