"""Question ``dmseloss``: the gradient of the loss with respect to theta, in theta's own structure.

Judged at several points against the reference gradient. ``dmseloss = grad(mseloss)`` is right
even when ``mseloss`` is wrong, so where the verdict already given to ``mseloss`` charged a mistake
(``Context.prior``), ``dmseloss`` is also right when it behaves as ``jax.grad`` of the student's
own ``mseloss``: it equals that gradient at every point, or raises exactly as it does. A loss
mistake is then charged once, in ``mseloss``; where ``mseloss`` was judged right there is nothing
to excuse, whatever ``mseloss`` does when called again.
"""

import numpy as np

from .. import plain
from ..cases import Cases
from ..context import Context
from ..layout import Layout
from ..numerics import GRAD_RTOL, NEAR_RTOL, best_scale, close
from ..submission import Arg, Raised, Returned, Submission, Theta
from ..verdict import Finding, Verdict
from .common import GRAD_FAILURES, begin, failure

NAME = "dmseloss"
LOSS_EXCUSE = "dmseloss fails only because mseloss does, which costs points in mseloss alone."
POINTS = 2.0
NEEDS = ("linear_model",)
"""Reference functions the probes of this question are built from."""


def _raised(error: Raised) -> Finding:
    if error.error in GRAD_FAILURES:
        return Finding.of("grad-through-numpy", POINTS)
    if error.error == "TypeError" and "valid JAX type" in error.detail:
        return Finding.of("grad-wrong-argument", POINTS)  # grad(mseloss, argnums=1): w.r.t. the model
    return failure(NAME, error, POINTS)


def _as_gradient(value: plain.Plain, layout: Layout, n_data: int) -> tuple[np.ndarray | None, Finding | None]:
    """Read ``[dw, db]`` out of what dmseloss returned; a finding if its structure is not theta's."""
    flat = plain.flatten(value)
    if flat is None or flat.size != 2:
        if flat is not None and flat.size == n_data:
            return None, Finding.of("grad-wrong-argument", POINTS)  # w.r.t. x or y
        return None, Finding.of(
            "grad-structure", POINTS, expected=plain.describe(layout.template), got=plain.describe(value)
        )
    gradient = np.array(layout.unpack(flat))
    if plain.signature(value) != plain.signature(layout.template):
        wrong = Finding.of("grad-structure", 1.0, expected=plain.describe(layout.template), got=plain.describe(value))
        return gradient, wrong
    return gradient, None


def _readings(gradient: np.ndarray, structure: Finding | None) -> list[np.ndarray]:
    """How a gradient may be read: in theta's order, and, when its structure is not theta's (an array
    for a dict theta, say), also in the other order, since its positions then carry no names."""
    return [gradient] if structure is None else [gradient, gradient[::-1]]


def _compare(got: np.ndarray, reference: np.ndarray) -> Finding | None:
    """None if ``got`` matches ``reference``; otherwise the closest diagnosis."""
    if close(got, reference, GRAD_RTOL):
        return None
    if close(got, -reference, GRAD_RTOL):
        return Finding.of("grad-sign", POINTS)
    if close(got, reference, NEAR_RTOL):
        return Finding.of("grad-inaccurate", 1.0)
    factor = best_scale(got, reference)
    if factor > 0 and close(got, factor * reference, GRAD_RTOL):
        return Finding.of("grad-scale", 1.0, factor=factor)
    return Finding.of("grad-wrong-value", POINTS)


LOSS_FAILURES = frozenset({"exception", "not-implemented", "loss-not-scalar", "loss-ignores-data"})
"""What ``mseloss`` can be charged with that makes ``jax.grad(mseloss)`` raise (a loss that reads the
notebook's global ``y`` raises for data of another size than the notebook's)."""
INTEGER_THETA = 1
"""A theta ``jax.grad`` refuses (it differentiates floats only), whatever the loss."""


def _own_gradient(sub: Submission, layout: Layout, theta: Theta, model: Arg, cases: Cases) -> np.ndarray | None:
    """``jax.grad`` of the student's own ``mseloss``, as ``[dw, db]``, if it can be taken and is a
    gradient at all (finite and not zero: the zero gradient of a constant loss excuses nothing)."""
    own = sub.grad_of("mseloss", theta, model, cases.x, cases.y)
    flat = plain.flatten(own.value) if isinstance(own, Returned) else None
    if flat is None or flat.size != 2 or not np.all(np.isfinite(flat)) or not np.any(flat):
        return None
    return np.array(layout.unpack(flat))


def _fails_as_loss_does(sub: Submission, ctx: Context, error: Raised, theta: Theta, model: Arg) -> bool:
    """True when ``mseloss`` was charged a failure that breaks its gradient and ``dmseloss`` raises
    exactly as ``jax.grad(mseloss)`` does (same error, same message), at ``theta`` and at an integer
    theta, which ``jax.grad`` rejects before calling the loss: ``dmseloss = grad(mseloss)`` is then
    right, and the loss's mistake costs points in mseloss only. A stub that raises the loss's error
    whatever it is given is not taken for ``grad(mseloss)``. (A loss that computes the right value
    through plain numpy is not excused: its one mistake shows only here, as ``grad-through-numpy``.)"""
    if not ctx.charged("mseloss", LOSS_FAILURES) or error.error in GRAD_FAILURES:
        return False
    x, y = ctx.cases.x, ctx.cases.y
    integer = sub.call(NAME, INTEGER_THETA, model, x, y)
    return (
        integer != error
        and sub.grad_of("mseloss", theta, model, x, y) == error
        and sub.grad_of("mseloss", INTEGER_THETA, model, x, y) == integer
    )


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = begin(sub, ctx, NAME, POINTS)
    if isinstance(layout, Verdict):
        return layout
    cases = ctx.cases
    model = ctx.model(layout.w_index, layout.b_index)
    structure: Finding | None = None
    mistake: Finding | None = None
    like_own_loss = ctx.charged("mseloss")  # until a point shows otherwise
    for w, b in cases.points:
        theta = layout.theta(w, b)
        outcome = sub.call(NAME, theta, model, cases.x, cases.y)
        if isinstance(outcome, Raised):
            if _fails_as_loss_does(sub, ctx, outcome, theta, model):
                return Verdict(NAME, POINTS, (), (LOSS_EXCUSE,))
            return Verdict(NAME, POINTS, (_raised(outcome),))
        got, wrong = _as_gradient(outcome.value, layout, cases.x.size)
        if got is None:
            return Verdict(NAME, POINTS, (wrong,))
        structure = structure or wrong
        readings = _readings(got, wrong)
        reference = ctx.oracle.grad(w, b, cases.x, cases.y)
        mistakes = [_compare(reading, reference) for reading in readings]
        mistake = mistake or (mistakes[0] if all(mistakes) else None)
        own = _own_gradient(sub, layout, theta, model, cases) if like_own_loss else None
        like_own_loss = own is not None and any(_compare(reading, own) is None for reading in readings)
    if mistake is not None and not like_own_loss:
        return Verdict(NAME, POINTS, (mistake,))
    return Verdict(NAME, POINTS, (structure,) if structure else ())
