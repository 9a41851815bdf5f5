"""Findings shared by every question: a function that is missing, unfinished or raising."""

from ..submission import Raised, Submission
from ..verdict import Finding

GRAD_FAILURES = (
    "TracerArrayConversionError",
    "ConcretizationTypeError",
    "TracerBoolConversionError",
    "TracerIntegerConversionError",
)
"""Errors jax raises when plain numpy (or Python control flow on values) meets a tracer."""


def failure(name: str, error: Raised, cost: float) -> Finding:
    """The finding for a call of ``name`` that raised ``error``."""
    if error.missing:
        return Finding.of("missing-definition", cost, name=name)
    if error.not_implemented:
        return Finding.of("not-implemented", cost, name=name)
    return Finding.of("exception", cost, name=name, error=error.error)


def unwritten(sub: Submission, name: str, cost: float) -> Finding | None:
    """A finding if ``name`` is missing or still the stub handed out; None once the student wrote it."""
    status = sub.status(name)
    if status == "missing":
        return Finding.of("missing-definition", cost, name=name)
    if status == "placeholder":
        return Finding.of("not-implemented", cost, name=name)
    return None
