"""Question ``linear_model``: returns ``w * x + b`` for the student's own theta structure."""

from ..context import Context
from ..layout import Layout, find_layout
from ..submission import Submission
from ..verdict import Finding, Verdict
from .common import failure

NAME = "linear_model"
POINTS = 2.0


def findings(layout: Layout) -> list[Finding]:
    """What the layout search saw of the model, as findings (costs sum to at most ``POINTS``)."""
    behaviour = layout.model
    if behaviour.status == "raised":
        return [failure(NAME, behaviour.raised, POINTS)]
    if behaviour.status == "wrong-shape":
        return [Finding.of("model-wrong-shape", POINTS, got=behaviour.shape)]
    if behaviour.status == "flat-shape":
        return [Finding.of("model-wrong-shape", 1.0, got=behaviour.shape)]
    if behaviour.status == "missing-bias":
        return [Finding.of("model-missing-bias", POINTS)]
    if behaviour.status == "wrong-value":
        return [Finding.of("model-wrong-value", POINTS)]
    if layout.names_swapped:
        return [Finding.of("model-w-b-swapped", 1.0)]
    return []


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    return Verdict(NAME, POINTS, tuple(findings(layout)))
