"""Question ``dmseloss``: the gradient of the loss with respect to theta, in theta's own structure.

Judged at several points against the reference gradient *and* against ``jax.grad`` of the
student's own ``mseloss``: ``dmseloss = grad(mseloss)`` is right even when ``mseloss`` is wrong,
so a loss mistake is charged once, in ``mseloss``.
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


def _compare(got: np.ndarray, references: list[np.ndarray]) -> Finding | None:
    """None if ``got`` matches one of ``references``; otherwise the closest diagnosis."""
    if any(close(got, ref, GRAD_RTOL) for ref in references):
        return None
    reference = references[0]
    if close(got, -reference, GRAD_RTOL):
        return Finding.of("grad-sign", POINTS)
    if close(got, reference, NEAR_RTOL):
        return Finding.of("grad-inaccurate", 1.0)
    factor = best_scale(got, reference)
    if factor > 0 and close(got, factor * reference, GRAD_RTOL):
        return Finding.of("grad-scale", 1.0, factor=factor)
    return Finding.of("grad-wrong-value", POINTS)


def _own_gradient(sub: Submission, layout: Layout, theta: Theta, model: Arg, cases: Cases) -> np.ndarray | None:
    """``jax.grad`` of the student's own ``mseloss``, as ``[dw, db]``, if it can be taken."""
    own = sub.grad_of("mseloss", theta, model, cases.x, cases.y)
    flat = plain.flatten(own.value) if isinstance(own, Returned) else None
    if flat is None or flat.size != 2 or not np.all(np.isfinite(flat)):
        return None
    return np.array(layout.unpack(flat))


def _same_direction(own: np.ndarray, reference: np.ndarray) -> bool:
    """A gradient of a (wrong) loss still counts only if it points downhill like the true one: the
    zero gradient of a constant loss, say, must not make any dmseloss right."""
    norms = float(np.linalg.norm(own) * np.linalg.norm(reference))
    return norms > 0 and float(own @ reference) / norms > 0.5


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = begin(sub, ctx, NAME, POINTS)
    if isinstance(layout, Verdict):
        return layout
    cases = ctx.cases
    model = ctx.model(layout.w_index, layout.b_index)
    structure: Finding | None = None
    for w, b in cases.points:
        theta = layout.theta(w, b)
        outcome = sub.call(NAME, theta, model, cases.x, cases.y)
        if isinstance(outcome, Raised):
            if _loss_already_charged(sub, outcome, theta, model, cases):
                return Verdict(NAME, POINTS, (), (LOSS_EXCUSE,))
            return Verdict(NAME, POINTS, (_raised(outcome),))
        got, wrong = _as_gradient(outcome.value, layout, cases.x.size)
        if got is None:
            return Verdict(NAME, POINTS, (wrong,))
        structure = structure or wrong
        references = [ctx.oracle.grad(w, b, cases.x, cases.y)]
        own = _own_gradient(sub, layout, theta, model, cases)
        if own is not None and _same_direction(own, references[0]):
            references.append(own)
        mistakes = [_compare(reading, references) for reading in _readings(got, wrong)]
        if all(mistakes):
            return Verdict(NAME, POINTS, (mistakes[0],))
    return Verdict(NAME, POINTS, (structure,) if structure else ())


def _loss_already_charged(sub: Submission, error: Raised, theta: Theta, model: Arg, cases: Cases) -> bool:
    """True when dmseloss is ``grad(mseloss)``, raised exactly as that does, and mseloss itself is
    broken (it raises, or is not a scalar): ``dmseloss = grad(mseloss)`` is then right, and the loss's mistake
    costs points in mseloss only. (A loss that computes the right value through plain numpy is not
    excused: its one mistake shows only here, as ``grad-through-numpy``.)"""
    if sub.status(NAME) != "wraps:mseloss":
        return False
    own = sub.grad_of("mseloss", theta, model, cases.x, cases.y)
    if not isinstance(own, Raised) or own.error != error.error or error.error in GRAD_FAILURES:
        return False
    value = sub.call("mseloss", theta, model, cases.x, cases.y)
    return isinstance(value, Raised) or not isinstance(value.value, np.ndarray) or value.value.shape != ()
