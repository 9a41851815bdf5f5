"""Question ``mseloss``: the mean squared error of ``model(theta, x)`` against ``y``, as a scalar.

The loss is called with the reference model adapted to the student's theta (their own model in
the public checks), so a wrong ``linear_model`` costs nothing here. Known wrong formulas are
recognised by comparing the value with what each would give for the same residuals.
"""

import numpy as np

from .. import plain
from ..context import Context
from ..layout import Layout
from ..numerics import LOSS_RTOL, close
from ..submission import Probe, Raised, Submission
from ..verdict import Finding, Verdict
from .common import begin, failure

NAME = "mseloss"
POINTS = 2.0
NEEDS = ("linear_model",)
"""Reference functions the probes of this question are built from."""


def _known_mistake(value: np.ndarray, residual: np.ndarray, mse: float) -> Finding | None:
    """Name the formula ``value`` was computed with, if it is one of the common wrong ones."""
    alternatives = {
        "loss-sum-not-mean": (float(np.sum(residual**2)), 1.0),
        "loss-rmse": (float(np.sqrt(mse)), 1.0),
        "loss-not-squared": (float(np.mean(np.abs(residual))), POINTS),
    }
    for code, (alternative, cost) in alternatives.items():
        if close(value, np.float64(alternative), LOSS_RTOL):
            return Finding.of(code, cost)
    if close(value, np.float64(np.mean(residual) ** 2), LOSS_RTOL) or close(
        value, np.float64(np.mean(residual)), LOSS_RTOL
    ):
        return Finding.of("loss-not-squared", POINTS)
    return None


def _value_findings(sub: Submission, ctx: Context, layout: Layout) -> list[Finding]:
    cases, oracle = ctx.cases, ctx.oracle
    model = ctx.model(layout.w_index, layout.b_index)
    for w, b in cases.points:
        outcome = sub.call(NAME, layout.theta(w, b), model, cases.x, cases.y)
        if isinstance(outcome, Raised):
            return [failure(NAME, outcome, POINTS)]
        value = outcome.value
        if not isinstance(value, np.ndarray):
            return [Finding.of("loss-not-scalar", POINTS, got="not an array")]
        prediction = oracle.predict(w, b, cases.x)
        mse = oracle.mse(prediction, cases.y)
        if value.shape != ():
            mean_ok = close(np.float64(np.mean(value)), np.float64(mse), LOSS_RTOL) and value.size in (1, cases.x.size)
            return [Finding.of("loss-not-scalar", 1.0 if mean_ok or value.size == 1 else POINTS, got=value.shape)]
        if not close(value, np.float64(mse), LOSS_RTOL):
            mistake = _known_mistake(value, prediction - cases.y, mse)
            return [mistake or Finding.of("loss-wrong-value", POINTS)]
    return []


def _ignores_model(sub: Submission, ctx: Context, layout: Layout) -> bool:
    """True when the loss gives the same value with the model and with a shifted model.

    Compared with itself, not with the reference, so that a loss with another mistake (a sum,
    say) is still seen to use its model argument.
    """
    w, b = ctx.cases.points[0]
    values = []
    for kind in ("model", "shifted-model"):
        probe = Probe(kind, layout.w_index, layout.b_index)
        outcome = sub.call(NAME, layout.theta(w, b), probe, ctx.cases.x, ctx.cases.y)
        if isinstance(outcome, Raised) or not isinstance(outcome.value, np.ndarray):
            return False
        values.append(outcome.value)
    return close(values[0], values[1], LOSS_RTOL)


DATA_PROBE_THETA = (1.5, -2.0)
"""Where the loss is probed for data it should not read: a slope far enough from 0 that moving x moves the
predictions."""
DATA_SHIFT = 3.0
"""How far the x or y given to the loss is moved away from the notebook's own."""


def _ignored_data(sub: Submission, ctx: Context, layout: Layout) -> str | None:
    """``"y"`` or ``"x"`` when the loss reads the notebook's global of that name instead of its argument.

    Decided by behaviour: the loss is given the notebook's own ``x`` and ``y`` with one of them moved by
    ``DATA_SHIFT``, and its value is the mean squared error of the notebook's data as they are (not as
    given). Only the notebook's globals are used, so the sizes always agree, whatever the hidden data.
    """
    got_x, got_y = sub.get("x"), sub.get("y")
    if isinstance(got_x, Raised) or isinstance(got_y, Raised):
        return None
    x, y = plain.flatten(got_x.value), plain.flatten(got_y.value)
    if x is None or y is None or x.size != y.size or x.size < 2 or not np.all(np.isfinite(x) & np.isfinite(y)):
        return None
    x, y = x.astype(np.float32), y.astype(np.float32)
    w, b = DATA_PROBE_THETA
    model = ctx.model(layout.w_index, layout.b_index)
    as_is = float(np.mean((w * x.astype(np.float64) + b - y) ** 2))
    moved = {"y": (x, y + np.float32(DATA_SHIFT)), "x": (x + np.float32(DATA_SHIFT), y)}
    for name, (given_x, given_y) in moved.items():
        outcome = sub.call(NAME, layout.theta(w, b), model, given_x, given_y)
        if isinstance(outcome, Raised) or not isinstance(outcome.value, np.ndarray) or outcome.value.size != 1:
            return None
        expected = float(np.mean((w * given_x.astype(np.float64) + b - given_y) ** 2))
        value = np.float64(outcome.value.reshape(()))
        if close(value, np.float64(as_is), LOSS_RTOL) and not close(value, np.float64(expected), LOSS_RTOL):
            return name
    return None


def _right_for_own_model(sub: Submission, ctx: Context, layout: Layout) -> bool:
    """Whether the loss equals the mean squared error of the student's own model's predictions."""
    w, b = ctx.cases.points[0]
    theta = layout.theta(w, b)
    prediction = sub.call("linear_model", theta, ctx.cases.x)
    value = sub.call(NAME, theta, Probe("model", layout.w_index, layout.b_index), ctx.cases.x, ctx.cases.y)
    if isinstance(prediction, Raised) or isinstance(value, Raised):
        return False
    own = plain.flatten(prediction.value)
    if own is None or own.size != ctx.cases.x.size or not isinstance(value.value, np.ndarray):
        return False
    return close(value.value, np.float64(ctx.oracle.mse(own, ctx.cases.y)), LOSS_RTOL)


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = begin(sub, ctx, NAME, POINTS)
    if isinstance(layout, Verdict):
        return layout
    found = _value_findings(sub, ctx, layout)
    ignored = _ignored_data(sub, ctx, layout)
    if ignored is not None:
        # The formula is right but reads the notebook's global data: one mistake, named, half the points
        # (and the public checks, whose data are the notebook's own, see it too).
        return Verdict(NAME, POINTS, (Finding.of("loss-ignores-data", 1.0, arg=ignored),))
    if ctx.probes and _ignores_model(sub, ctx, layout):
        # A loss that calls the student's own linear_model is judged against that model, so a model
        # mistake already charged in linear_model (``Context.prior``) is not charged again here.
        excused = ctx.charged("linear_model") and _right_for_own_model(sub, ctx, layout)
        found = [Finding.of("loss-ignores-model", 1.0), *([] if excused else found)]
    return Verdict(NAME, POINTS, tuple(found))
