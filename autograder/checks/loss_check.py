"""The loss question of any lesson: ``loss(theta, model, x, y)`` returns the lesson's loss of
``model(theta, x)`` against ``y``, as a scalar.

The loss is called with the reference model adapted to the student's theta (their own model in
the public checks), so a wrong model costs nothing here. A lesson names its known wrong formulas
(``known_mistake``: what the value would be under each) and may add checks of its own (``extra``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import plain
from .common import begin
from .context import Context
from .layout import Layout
from .numerics import LOSS_RTOL, close
from .submission import Probe, Raised, Returned, Submission
from .verdict import Finding, Verdict
from .wording import Wording

Expected = Callable[[Any, np.ndarray, np.ndarray], float]
"""``expected(oracle, prediction, y)``: the reference loss of a prediction."""
Formula = Callable[[float, float, np.ndarray, np.ndarray], float]
"""``formula(w, b, x, y)``: the loss of the parameters on data, in float64 (without a reference)."""
KnownMistake = Callable[[np.ndarray, np.ndarray, np.ndarray, float], Finding | None]
"""``known_mistake(value, prediction, y, expected)``: the finding for a value a known wrong formula gives."""
Extra = Callable[[Submission, Context, Layout], list[Finding]]

DATA_PROBE_THETA = (1.5, -2.0)
"""Where the loss is probed for data it should not read: a slope far enough from 0 that moving x moves the
predictions."""
DATA_SHIFT = 3.0
"""How far the x or y given to the loss is moved away from the notebook's own."""


def _no_extra(sub: Submission, ctx: Context, layout: Layout) -> list[Finding]:
    return []


def constant_factor(ratios: list[float]) -> float | None:
    """The factor when every ratio of a loss to the right one is the same positive number (within
    ``LOSS_RTOL``) other than 1, at two points or more: a loss off by a constant (half the mean, or a
    sum divided by a fixed count) still has the right minimum, a lesser mistake than another formula."""
    values = np.asarray(ratios, np.float64)
    if values.size < 2 or not np.all(np.isfinite(values)) or not np.all(values > 0):
        return None
    factor = float(np.mean(values))
    if close(np.float64(factor), np.float64(1.0), LOSS_RTOL) or np.ptp(values) > LOSS_RTOL * factor:
        return None
    return factor


@dataclass(frozen=True)
class LossQuestion:
    """A lesson's loss question: ``expected`` gives the reference value, ``formula`` the same loss in float64
    (to tell a loss that reads the notebook's data), ``known_mistake`` names a wrong formula from its value,
    and ``extra`` adds the lesson's own findings to those of the values."""

    points: float
    words: Wording
    expected: Expected
    formula: Formula
    known_mistake: KnownMistake
    extra: Extra = _no_extra

    def _value_findings(self, sub: Submission, ctx: Context, layout: Layout) -> list[Finding]:
        """The loss at each of the cases' points against the reference's. The first wrong value is
        named by a known wrong formula, or else, once every point is seen, as the right loss times a
        constant factor (``loss-scaled``) when it is one, and otherwise as a wrong value."""
        cases, oracle, words, name = ctx.cases, ctx.oracle, self.words, ctx.roles.loss
        model = ctx.model(layout.w_index, layout.b_index)
        wrong: Finding | None = None
        ratios: list[float] = []
        for w, b in cases.points:
            outcome = sub.call(name, layout.theta(w, b), model, cases.x, cases.y)
            value = outcome.value if isinstance(outcome, Returned) else None
            if wrong is not None and (not isinstance(value, np.ndarray) or value.shape != ()):
                return [wrong]  # charged already: what the later points show cannot add to it
            if isinstance(outcome, Raised):
                return [words.failure(name, outcome, self.points)]
            if not isinstance(value, np.ndarray):
                return [words.finding("loss-not-scalar", self.points, got="not an array")]
            prediction = oracle.predict(w, b, cases.x)
            expected = self.expected(oracle, prediction, cases.y)
            if value.shape != ():
                right_mean = value.size > 0 and close(np.float64(np.mean(value)), np.float64(expected), LOSS_RTOL)
                cost = 1.0 if (right_mean and value.size in (1, cases.x.size)) or value.size == 1 else self.points
                return [words.finding("loss-not-scalar", cost, got=plain.shape_text(value.shape, cases.x.size))]
            ratios.append(float(value) / expected if expected > 0 else float("nan"))
            if wrong is None and not close(value, np.float64(expected), LOSS_RTOL):
                mistake = self.known_mistake(value, prediction, cases.y, expected)
                if mistake is not None:
                    return [mistake.with_measured(w=w, b=b, expected=expected, got=value)]
                wrong = words.finding("loss-wrong-value", self.points).with_measured(
                    w=w, b=b, expected=expected, got=value
                )
        if wrong is None:
            return []
        factor = constant_factor(ratios)
        if factor is None:
            return [wrong]
        return [words.finding("loss-scaled", 1.0, factor=factor).with_measured(**wrong.measured)]

    @staticmethod
    def _ignores_model(sub: Submission, ctx: Context, layout: Layout) -> bool:
        """True when the loss gives the same value with the model and with a shifted model.

        Compared with itself, not with the reference, so that a loss with another mistake (a sum,
        say) is still seen to use its model argument.
        """
        w, b = ctx.cases.points[0]
        values = []
        for kind in ("model", "shifted-model"):
            probe = Probe(kind, layout.w_index, layout.b_index)
            outcome = sub.call(ctx.roles.loss, layout.theta(w, b), probe, ctx.cases.x, ctx.cases.y)
            if isinstance(outcome, Raised) or not isinstance(outcome.value, np.ndarray):
                return False
            values.append(outcome.value)
        return close(values[0], values[1], LOSS_RTOL)

    def _ignored_data(self, sub: Submission, ctx: Context, layout: Layout) -> str | None:
        """``"y"`` or ``"x"`` when the loss reads the notebook's global of that name instead of its argument.

        Decided by behaviour: the loss is given the notebook's own ``x`` and ``y`` with one of them moved
        by ``DATA_SHIFT``, and its value is the loss of the notebook's data as they are (not as given).
        Only the notebook's globals are used, so the sizes always agree, whatever the hidden data.
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
        as_is = self.formula(w, b, x.astype(np.float64), y.astype(np.float64))
        moved = {"y": (x, y + np.float32(DATA_SHIFT)), "x": (x + np.float32(DATA_SHIFT), y)}
        for name, (given_x, given_y) in moved.items():
            outcome = sub.call(ctx.roles.loss, layout.theta(w, b), model, given_x, given_y)
            if isinstance(outcome, Raised) or not isinstance(outcome.value, np.ndarray) or outcome.value.size != 1:
                return None
            expected = self.formula(w, b, given_x.astype(np.float64), given_y.astype(np.float64))
            value = np.float64(outcome.value.reshape(()))
            if close(value, np.float64(as_is), LOSS_RTOL) and not close(value, np.float64(expected), LOSS_RTOL):
                return name
        return None

    def _right_for_own_model(self, sub: Submission, ctx: Context, layout: Layout) -> bool:
        """Whether the loss equals the reference loss of the student's own model's predictions."""
        w, b = ctx.cases.points[0]
        theta = layout.theta(w, b)
        prediction = sub.call(ctx.roles.model, theta, ctx.cases.x)
        probe = Probe("model", layout.w_index, layout.b_index)
        value = sub.call(ctx.roles.loss, theta, probe, ctx.cases.x, ctx.cases.y)
        if isinstance(prediction, Raised) or isinstance(value, Raised):
            return False
        own = plain.flatten(prediction.value)
        if own is None or own.size != ctx.cases.x.size or not isinstance(value.value, np.ndarray):
            return False
        return close(value.value, np.float64(self.expected(ctx.oracle, own, ctx.cases.y)), LOSS_RTOL)

    def judge(self, sub: Submission, ctx: Context) -> Verdict:
        name = ctx.roles.loss
        layout = begin(sub, ctx, name, self.points)
        if isinstance(layout, Verdict):
            return layout
        found = self._value_findings(sub, ctx, layout) + self.extra(sub, ctx, layout)
        ignored = self._ignored_data(sub, ctx, layout)
        if ignored is not None:
            # The formula is right but reads the notebook's global data: one mistake, named, half the points
            # (and the public checks, whose data are the notebook's own, see it too).
            return Verdict(name, self.points, (self.words.finding("loss-ignores-data", 1.0, arg=ignored),))
        if ctx.probes and self._ignores_model(sub, ctx, layout):
            # A loss that calls the student's own model is judged against that model, so a model mistake
            # already charged to the model's question (``Context.prior``) is not charged again here.
            excused = ctx.charged(ctx.roles.model) and self._right_for_own_model(sub, ctx, layout)
            found = [self.words.finding("loss-ignores-model", 1.0), *([] if excused else found)]
        return Verdict(name, self.points, tuple(found))
