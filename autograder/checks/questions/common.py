"""Findings shared by every question: a function that is missing, unfinished or raising."""

from ..context import Context
from ..layout import Layout, find_layout
from ..submission import Raised, Submission
from ..verdict import Finding, Verdict

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
    # The type name is the student's own text: only a plain, short identifier is echoed back.
    shown = error.error if error.error.isidentifier() and len(error.error) <= 40 else "an exception"
    return Finding.of("exception", cost, name=name, error=shown)


def unwritten(sub: Submission, name: str, cost: float) -> Finding | None:
    """A finding if ``name`` is missing or still the stub handed out; None once the student wrote it."""
    status = sub.status(name)
    if status == "missing":
        return Finding.of("missing-definition", cost, name=name)
    if status == "placeholder":
        return Finding.of("not-implemented", cost, name=name)
    return None


def begin(sub: Submission, ctx: Context, name: str, points: float) -> Layout | Verdict:
    """The theta layout to judge ``name`` with, or the verdict that ends the judging at once: the
    function is missing or still the stub, or (public checks, which use the student's own model)
    ``linear_model`` does not work yet."""
    first = unwritten(sub, name, points)
    if first is not None:
        return Verdict(name, points, (first,))
    layout = find_layout(sub, ctx)
    if not ctx.probes and not layout.from_behaviour:
        return Verdict(name, points, (Finding.of("depends-on-linear-model", points, name=name),))
    return layout
