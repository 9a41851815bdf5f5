"""Question ``linear_model``: returns ``w * x + b`` for the student's own theta structure."""

from ..context import Context
from ..layout import Layout, find_layout, show_theta
from ..submission import Raised, Submission
from ..verdict import Finding, Verdict
from .common import failure, missing

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


NO_INIT_HINT = (
    " (`initialize_linear_params` does not work yet, so the check could only guess the structure of"
    " theta: write it, run its cell, and check again.)"
)


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    found = findings(layout)
    behaviour = layout.model
    if behaviour.status == "raised" and behaviour.raised.missing:
        found = [missing(sub, NAME, POINTS)]
    if behaviour.status == "raised" and found and found[0].code == "exception":
        call = None  # hidden inputs are never shown
        if not ctx.cases.hidden:
            x = ", ".join(repr(float(v)) for v in ctx.cases.x)
            call = f"linear_model({show_theta(layout.template, behaviour.values)}, x = [{x}])"
        finding = failure(NAME, behaviour.raised, POINTS, call=call)
        if isinstance(layout.init, Raised):
            finding = Finding(finding.code, finding.cost, finding.text + NO_INIT_HINT)
        found = [finding]
    return Verdict(NAME, POINTS, tuple(found))
