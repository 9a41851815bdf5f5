"""Question ``logistic_loss``: the mean binary cross-entropy of ``model(theta, x)`` against labels ``y``
in {0, 1}, as a scalar, finite even where the model is certain.

Judged by ``checks.loss_check`` (the loss is called with the reference model adapted to the student's
theta, so a wrong ``logistic_model`` costs nothing here) at parameters where every probability is
between 0.01 and 0.99: any sensible clipping of the log leaves the value alone there. Known wrong
formulas are recognised by comparing the value with what each would give for the same probabilities.
Then the loss is called where the model is certain (probabilities of exactly 0 or 1 in float32,
``Cases.confident``): the reference clips them and stays finite, a loss that takes the log unclipped
does not (``loss-log-of-zero``).
"""

import numpy as np

from ....checks import plain
from ....checks.context import Context
from ....checks.layout import Layout
from ....checks.loss_check import LossQuestion
from ....checks.numerics import LOSS_RTOL, close
from ....checks.submission import Raised, StudentFn, Submission
from ....checks.verdict import Finding
from .. import codes, fit
from ..oracle import Oracle

NAME = "logistic_loss"
POINTS = 2.0
NEEDS = ("logistic_model",)
"""Reference functions the probes of this question are built from."""


def _per_example(probability: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each example's cross-entropy, in float64 (the probabilities are well inside (0, 1) here)."""
    p, y = np.asarray(probability, np.float64), np.asarray(y, np.float64)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _known_mistake(value: np.ndarray, prediction: np.ndarray, y: np.ndarray, expected: float) -> Finding | None:
    """Name the formula ``value`` was computed with, if it is one of the common wrong ones."""
    alternatives = {
        "loss-sum-not-mean": float(np.sum(_per_example(prediction, y))),
        "loss-labels-flipped": float(np.mean(_per_example(prediction, 1 - np.asarray(y, np.float64)))),
        "loss-wrong-sign": -expected,
    }
    for code, alternative in alternatives.items():
        if close(value, np.float64(alternative), LOSS_RTOL):
            return codes.finding(code, 1.0)
    return None


def _log_of_zero(sub: Submission, ctx: Context, layout: Layout) -> list[Finding]:
    """``loss-log-of-zero`` when the loss is infinite or NaN where the model is certain (one number
    returned: a loss that raises or returns something else is charged by the value checks).

    Not judged when the model is the notebook's own (the public checks) and it is not finite there
    itself: ``exp(z) / (1 + exp(z))`` overflows to NaN at z = 200, and no clipping in the loss can
    mend a NaN probability, so the loss would be charged for the model's arithmetic."""
    model = ctx.model(layout.w_index, layout.b_index)
    theta = layout.theta(*ctx.cases.confident)
    if isinstance(model, StudentFn):
        predicted = sub.call(model.name, theta, ctx.cases.x)
        values = None if isinstance(predicted, Raised) else plain.flatten(predicted.value)
        if values is None or not np.all(np.isfinite(values)):
            return []
    outcome = sub.call(NAME, theta, model, ctx.cases.x, ctx.cases.y)
    if isinstance(outcome, Raised) or not isinstance(outcome.value, np.ndarray) or outcome.value.size != 1:
        return []
    return [] if np.all(np.isfinite(outcome.value)) else [codes.finding("loss-log-of-zero", 1.0)]


def _expected(oracle: Oracle, prediction: np.ndarray, y: np.ndarray) -> float:
    return oracle.loss(prediction, y)


judge = LossQuestion(POINTS, codes, _expected, fit.mean_loss, _known_mistake, extra=_log_of_zero).judge
