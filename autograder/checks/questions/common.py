"""Findings shared by every question: a function that is missing, unfinished or raising."""

from ..submission import Raised
from ..verdict import Finding

GRAD_FAILURES = ("TracerArrayConversionError", "ConcretizationTypeError", "TracerBoolConversionError", "TracerIntegerConversionError")
"""Errors jax raises when plain numpy (or Python control flow on values) meets a tracer."""


def failure(name: str, error: Raised, cost: float) -> Finding:
    """The finding for a call of ``name`` that raised ``error``."""
    if error.missing:
        return Finding.of("missing-definition", cost, name=name)
    if error.not_implemented:
        return Finding.of("not-implemented", cost, name=name)
    return Finding.of("exception", cost, name=name, error=error.error)
