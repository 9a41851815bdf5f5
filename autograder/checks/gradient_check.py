"""The gradient question of any lesson: the gradient of the loss with respect to theta, in theta's own
structure (``ctx.roles.grad``, which students define as ``grad`` of their loss, ``ctx.roles.loss``).

Judged at several points against the reference gradient. ``grad(loss)`` is right even when the loss
is wrong, so where the verdict already given to the loss charged a mistake (``Context.prior``), the
gradient is also right when it behaves as ``jax.grad`` of the student's own loss: it equals that
gradient at every point, or raises exactly as it does. A loss mistake is then charged once, in the
loss; where the loss was judged right there is nothing to excuse, whatever it does when called again.
"""

from dataclasses import dataclass

import numpy as np

from . import plain
from .common import GRAD_FAILURES, begin
from .context import Context
from .layout import Layout
from .numerics import GRAD_RTOL, NEAR_RTOL, best_scale, close
from .submission import Arg, Raised, Returned, Submission, Theta
from .verdict import Finding, Verdict
from .wording import Wording

LOSS_EXCUSE = "{grad} fails only because {loss} does, which costs points in {loss} alone."
BREAKS_GRADIENT = frozenset({"exception", "not-implemented", "loss-not-scalar", "loss-ignores-data"})
"""What the loss question can charge that makes ``jax.grad`` of the loss raise (a loss that reads the
notebook's global ``y`` raises for data of another size than the notebook's)."""
INTEGER_THETA = 1
"""A theta ``jax.grad`` refuses (it differentiates floats only), whatever the loss."""


def _compare(got: np.ndarray, reference: np.ndarray, points: float, words: Wording) -> Finding | None:
    """None if ``got`` matches ``reference``; otherwise the closest diagnosis."""
    if close(got, reference, GRAD_RTOL):
        return None
    if close(got, -reference, GRAD_RTOL):
        return words.finding("grad-sign", points)
    if close(got, reference, NEAR_RTOL):
        return words.finding("grad-inaccurate", 1.0)
    factor = best_scale(got, reference)
    if factor > 0 and close(got, factor * reference, GRAD_RTOL):
        return words.finding("grad-scale", 1.0, factor=factor)
    return words.finding("grad-wrong-value", points)


def _readings(gradient: np.ndarray, structure: Finding | None) -> list[np.ndarray]:
    """How a gradient may be read: in theta's order, and, when its structure is not theta's (an array
    for a dict theta, say), also in the other order, since its positions then carry no names."""
    return [gradient] if structure is None else [gradient, gradient[::-1]]


OWN_SLOPE_RTOL = 0.05
"""How far the loss's central differences may lie from ``jax.grad`` of it, relative to the gradient:
float32 values of a loss in the hundreds, over steps of 1% of a parameter, are good to about 1%."""


def _slopes(sub: Submission, ctx: Context, layout: Layout, wb: tuple[float, float], model: Arg) -> np.ndarray | None:
    """Central differences of the student's loss at ``wb``, from four of its values, as ``[dw, db]``;
    None when a value is not one finite number."""
    w, b = wb
    steps = (1e-2 * (1 + abs(w)), 1e-2 * (1 + abs(b)))
    values = []
    for dw, db in ((steps[0], 0.0), (-steps[0], 0.0), (0.0, steps[1]), (0.0, -steps[1])):
        outcome = sub.call(ctx.roles.loss, layout.theta(w + dw, b + db), model, ctx.cases.x, ctx.cases.y)
        value = outcome.value if isinstance(outcome, Returned) else None
        if not isinstance(value, np.ndarray) or value.size != 1 or not np.all(np.isfinite(value)):
            return None
        values.append(float(value.reshape(())))
    return np.array([(values[0] - values[1]) / (2 * steps[0]), (values[2] - values[3]) / (2 * steps[1])])


@dataclass(frozen=True)
class GradientQuestion:
    """``loss_failures``: the codes the loss question can charge that make ``jax.grad`` of the loss
    raise (the loss's gradient then fails only because the loss does)."""

    points: float
    words: Wording
    loss_failures: frozenset[str] = BREAKS_GRADIENT

    def _raised(self, name: str, error: Raised) -> Finding:
        if error.error in GRAD_FAILURES:
            return self.words.finding("grad-through-numpy", self.points)
        if error.error == "TypeError" and "valid JAX type" in error.detail:
            return self.words.finding("grad-wrong-argument", self.points)  # grad(loss, argnums=1): the model
        return self.words.failure(name, error, self.points)

    def _as_gradient(
        self, value: plain.Plain, layout: Layout, n_data: int, names: frozenset[str] | None
    ) -> tuple[np.ndarray | None, Finding | None]:
        """Read ``[dw, db]`` out of what the gradient returned; a finding if its structure is not theta's."""
        words, expected, got = self.words, plain.describe(layout.template, names), plain.describe(value, names)
        flat = plain.flatten(value)
        if flat is None or flat.size != 2:
            if flat is not None and flat.size == n_data:
                return None, words.finding("grad-wrong-argument", self.points)  # w.r.t. x or y
            return None, words.finding("grad-structure", self.points, expected=expected, got=got)
        gradient = np.array(layout.unpack(flat))
        if plain.signature(value) != plain.signature(layout.template):
            return gradient, words.finding("grad-structure", 1.0, expected=expected, got=got)
        return gradient, None

    @staticmethod
    def _own_gradient(
        sub: Submission, ctx: Context, layout: Layout, wb: tuple[float, float], model: Arg
    ) -> np.ndarray | None:
        """``jax.grad`` of the student's own loss at ``wb``, as ``[dw, db]``, if it can be taken, is a
        gradient at all (finite and not zero: the zero gradient of a constant loss excuses nothing)
        and agrees with the loss's own values (``_slopes``). ``jax.grad`` runs where the student's
        code does, which can replace it: only the loss's values, read here, confirm it."""
        x, y = ctx.cases.x, ctx.cases.y
        own = sub.grad_of(ctx.roles.loss, layout.theta(*wb), model, x, y)
        flat = plain.flatten(own.value) if isinstance(own, Returned) else None
        if flat is None or flat.size != 2 or not np.all(np.isfinite(flat)) or not np.any(flat):
            return None
        gradient = np.array(layout.unpack(flat))
        slopes = _slopes(sub, ctx, layout, wb, model)
        if slopes is None or np.linalg.norm(slopes - gradient) > OWN_SLOPE_RTOL * np.linalg.norm(gradient):
            return None
        return gradient

    def _fails_as_loss_does(self, sub: Submission, ctx: Context, error: Raised, theta: Theta, model: Arg) -> bool:
        """True when the loss was charged a failure that breaks its gradient and the gradient raises
        exactly as ``jax.grad`` of the loss does (same error, same message), at ``theta`` and at an
        integer theta, which ``jax.grad`` rejects before calling the loss: ``grad(loss)`` is then right,
        and the loss's mistake costs points in the loss only. A stub that raises the loss's error whatever
        it is given is not taken for ``grad(loss)``. (A loss that computes the right value through plain
        numpy is not excused: its one mistake shows only here, as ``grad-through-numpy``.)"""
        loss = ctx.roles.loss
        if not ctx.charged(loss, self.loss_failures) or error.error in GRAD_FAILURES:
            return False
        x, y = ctx.cases.x, ctx.cases.y
        integer = sub.call(ctx.roles.grad, INTEGER_THETA, model, x, y)
        return (
            integer != error
            and sub.grad_of(loss, theta, model, x, y) == error
            and sub.grad_of(loss, INTEGER_THETA, model, x, y) == integer
        )

    def judge(self, sub: Submission, ctx: Context) -> Verdict:
        name, points, x, y = ctx.roles.grad, self.points, ctx.cases.x, ctx.cases.y
        layout = begin(sub, ctx, name, points)
        if isinstance(layout, Verdict):
            return layout
        model = ctx.model(layout.w_index, layout.b_index)
        structure: Finding | None = None
        mistake: Finding | None = None
        like_own_loss = ctx.charged(ctx.roles.loss)  # until a point shows otherwise
        for w, b in ctx.cases.points:
            theta = layout.theta(w, b)
            outcome = sub.call(name, theta, model, x, y)
            if isinstance(outcome, Raised):
                if self._fails_as_loss_does(sub, ctx, outcome, theta, model):
                    return Verdict(name, points, (), (LOSS_EXCUSE.format(grad=name, loss=ctx.roles.loss),))
                return Verdict(name, points, (self._raised(name, outcome),))
            got, wrong = self._as_gradient(outcome.value, layout, x.size, ctx.names)
            if got is None:
                return Verdict(name, points, (wrong,))
            structure = structure or wrong
            readings = _readings(got, wrong)
            reference = ctx.oracle.grad(w, b, x, y)
            mistakes = [_compare(reading, reference, points, self.words) for reading in readings]
            mistake = mistake or (mistakes[0] if all(mistakes) else None)
            own = self._own_gradient(sub, ctx, layout, (w, b), model) if like_own_loss else None
            like_own_loss = own is not None and any(
                _compare(reading, own, points, self.words) is None for reading in readings
            )
        if mistake is not None and not like_own_loss:
            return Verdict(name, points, (mistake,))
        return Verdict(name, points, (structure,) if structure else ())
