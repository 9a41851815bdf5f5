"""The model question of any lesson: what the layout search (``layout.find_layout``) saw of the student's
model, as findings. A lesson adds its own diagnoses of a model that returns wrong values."""

from .common import missing
from .context import Context
from .layout import Layout, show_theta
from .submission import Raised, Submission
from .verdict import Finding
from .wording import Wording

NO_INIT_HINT = (
    " (`{init}` does not work yet, so the check could only guess the structure of"
    " theta: write it, run its cell, and check again.)"
)


def behaviour_findings(layout: Layout, points: float, words: Wording, name: str) -> list[Finding]:
    """What the layout search saw of the model ``name``, as findings (costs sum to at most ``points``)."""
    behaviour = layout.model
    if behaviour.status == "raised":
        return [words.failure(name, behaviour.raised, points)]
    if behaviour.status == "wrong-shape":
        return [words.finding("model-wrong-shape", points, got=behaviour.shape)]
    if behaviour.status == "flat-shape":
        return [words.finding("model-wrong-shape", 1.0, got=behaviour.shape)]
    if behaviour.status == "missing-bias":
        return [words.finding("model-missing-bias", points)]
    if behaviour.status == "wrong-value":
        return [words.finding("model-wrong-value", points)]
    if layout.names_swapped:
        return [words.finding("model-w-b-swapped", 1.0)]
    return []


def findings(sub: Submission, ctx: Context, layout: Layout, points: float, words: Wording) -> list[Finding]:
    """``behaviour_findings``, with a model that raised told as the student needs it: missing, or (public
    checks) the call that raised, and a hint when the init, which gives theta its structure, is broken."""
    name = ctx.roles.model
    found = behaviour_findings(layout, points, words, name)
    behaviour = layout.model
    if behaviour.status == "raised" and behaviour.raised.missing:
        found = [missing(sub, name, points)]
    if behaviour.status == "raised" and found and found[0].code == "exception":
        call = None  # hidden inputs are never shown
        if not ctx.cases.hidden:
            x = ", ".join(repr(float(v)) for v in ctx.cases.x)
            call = f"{name}({show_theta(layout.template, behaviour.values)}, x = [{x}])"
        finding = words.failure(name, behaviour.raised, points, call=call)
        if isinstance(layout.init, Raised):
            finding = Finding(finding.code, finding.cost, finding.text + NO_INIT_HINT.format(init=ctx.roles.init))
        found = [finding]
    return found
