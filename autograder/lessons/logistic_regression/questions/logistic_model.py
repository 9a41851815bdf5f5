"""Question ``logistic_model``: returns ``sigmoid(w * x + b)`` for the student's own theta structure.

What the layout search saw of the model is judged as for any lesson (``checks.model_check``); a model
whose values are wrong is looked at once more, for the lesson's most common mistake: it returns the
logits ``w * x + b`` themselves, without the sigmoid.
"""

import numpy as np

from ....checks import model_check, plain
from ....checks.context import Context
from ....checks.layout import find_layout
from ....checks.numerics import LOSS_RTOL, close
from ....checks.submission import Returned, Submission, Theta
from ....checks.verdict import Verdict
from .. import codes

NAME = "logistic_model"
POINTS = 2.0


def _returns_logits(sub: Submission, ctx: Context) -> bool:
    """Whether the model returns ``w x + b`` (either number of theta read as w), as the layout search
    called it: with the numbers ``(a, c)`` and ``(c, a)`` in the structure it settled on."""
    a, c = ctx.cases.points[0]
    x = ctx.cases.x.astype(np.float64)
    outputs = []
    for values in ((a, c), (c, a)):
        outcome = sub.call(NAME, Theta(values), ctx.cases.x)
        flat = plain.flatten(outcome.value) if isinstance(outcome, Returned) else None
        if flat is None or flat.size != x.size:
            return False
        outputs.append(flat)
    ac, ca = a * x + c, c * x + a
    return any(
        close(outputs[0], first, LOSS_RTOL) and close(outputs[1], second, LOSS_RTOL)
        for first, second in ((ac, ca), (ca, ac))
    )


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    found = model_check.findings(sub, ctx, layout, POINTS, codes)
    if layout.model.status == "wrong-value" and _returns_logits(sub, ctx):
        found = [codes.finding("model-missing-sigmoid", POINTS)]
    return Verdict(NAME, POINTS, tuple(found))
