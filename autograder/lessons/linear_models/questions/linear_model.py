"""Question ``linear_model``: returns ``w * x + b`` for the student's own theta structure."""

from ....checks import model_check
from ....checks.context import Context
from ....checks.layout import find_layout
from ....checks.submission import Submission
from ....checks.verdict import Verdict
from .. import codes

NAME = "linear_model"
POINTS = 2.0


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    model = layout.model  # what the layout search saw, for instructors (``Finding.measured``)
    seen = {"behaviour": model.status, "theta_structure": layout.template_kind, "shape_expected": ctx.cases.x.shape}
    seen |= {"shape_got": model.got_shape or model.shape} if model.shape else {}
    seen |= {"error": model.raised.error, "theta_values": model.values} if model.raised else {}
    found = model_check.findings(sub, ctx, layout, POINTS, codes)
    return Verdict(NAME, POINTS, tuple(finding.with_measured(**seen) for finding in found))
