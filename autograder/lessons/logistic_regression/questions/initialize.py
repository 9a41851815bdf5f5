"""Question ``initialize_logistic_params``: two random, finite float parameters the model accepts."""

from ....checks import init_check
from ....checks.context import Context
from ....checks.submission import Submission
from ....checks.verdict import Verdict
from .. import codes

NAME = "initialize_logistic_params"
POINTS = 1.0


def judge(sub: Submission, ctx: Context) -> Verdict:
    return init_check.judge(sub, ctx, POINTS, codes)
