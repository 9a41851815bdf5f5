"""Question ``model_optimization_loop``: gradient descent that records one loss per step and
returns ``(losses, theta)`` close to the least-squares line.

Hidden checks run the loop for 3000 steps on hidden data with the reference model and loss
(adapted to the student's theta); public checks run a few steps with the student's own functions
and rely on the notebook's own run for convergence. The notebook's final ``theta`` must also end
near the best fit of the notebook's data (w close to 2, b close to 20); that costs a point only
when the loop itself is right, so one mistake is never charged twice.
"""

from dataclasses import dataclass

import numpy as np

from .. import plain
from ..cases import CONVERGENCE_TOLERANCE, N_STEPS
from ..context import Context
from ..layout import Layout
from ..numerics import GRAD_RTOL, LOSS_RTOL, close, least_squares_line, line_distance
from ..submission import Raised, Returned, StudentFn, Submission
from ..verdict import Finding, Verdict
from .common import begin, failure

NAME = "model_optimization_loop"
POINTS = 3.0
NEEDS = ("linear_model", "mseloss")
"""Reference functions the probes of this question are built from."""
CONVERGENCE_COST = 2.0
DIVERGED = 1e3
"""An RMS gap to the best line beyond this (or NaN) means the loop blew up."""


@dataclass(frozen=True)
class Run:
    """One call of the loop, read as ``losses`` (a vector) and ``(w, b)``; ``wrong`` says what was off."""

    losses: np.ndarray | None
    wb: tuple[float, float] | None
    wrong: Finding | None


def _read(value: plain.Plain, layout: Layout) -> Run:
    """Interpret the loop's return value, tolerating (theta, losses) order or a bare theta."""
    theta_signature = plain.signature(layout.template)

    def as_theta(tree: plain.Plain) -> tuple[float, float] | None:
        flat = plain.flatten(tree)
        if flat is None or flat.size != 2:
            return None
        return layout.unpack(flat)

    if isinstance(value, plain.Node) and value.kind in ("tuple", "list") and len(value.children) == 2:
        first, second = value.children
        if plain.signature(first) != theta_signature and as_theta(second) is not None:
            return Run(plain.flatten(first), as_theta(second), None)
        if as_theta(first) is not None and plain.signature(second) != theta_signature:
            swapped = Finding.of("loop-returns-wrong", 1.0, detail="it returns (theta, losses), in the wrong order")
            return Run(plain.flatten(second), as_theta(first), swapped)
    if as_theta(value) is not None:
        bare = Finding.of("loop-returns-wrong", 1.0, detail="it returns theta without the losses")
        return Run(None, as_theta(value), bare)
    return Run(None, None, Finding.of("loop-returns-wrong", POINTS, detail=f"got {plain.describe(value)}"))


def _length(run: Run, short: Run | None, n_steps: int, short_steps: int) -> Finding | None:
    if run.losses is None:
        return None
    if (
        run.losses.size == n_steps
        and short is not None
        and short.losses is not None
        and short.losses.size != short_steps
    ):
        return Finding.of("loop-ignores-arguments", 1.0, detail="n_steps")
    if run.losses.size != n_steps:
        return Finding.of("loop-losses-length", 1.0, expected=n_steps, got=run.losses.size)
    return None


def _convergence(run: Run, short: Run, ctx: Context, init: tuple[float, float]) -> Finding | None:
    """None if ``run`` ends near the least-squares line of the loop data; otherwise why not.

    The first steps (``short``) tell ascent from divergence: an ascending loop moves theta along the
    gradient, a diverging one against it but too far."""
    x, y = ctx.cases.loop_x, ctx.cases.loop_y
    best = least_squares_line(x, y)
    w, b = run.wb
    gap = line_distance(x, w, b, *best)
    if np.isfinite(gap) and gap <= CONVERGENCE_TOLERANCE:
        return None
    if np.allclose((w, b), init, rtol=0, atol=1e-6):
        return Finding.of("loop-no-update", POINTS)  # a loop that never steps has done none of the work
    notebook_best = least_squares_line(ctx.cases.notebook_x, ctx.cases.notebook_y)
    if np.isfinite(gap) and line_distance(ctx.cases.notebook_x, w, b, *notebook_best) <= CONVERGENCE_TOLERANCE:
        return Finding.of("loop-ignores-arguments", CONVERGENCE_COST, detail="x and y")
    if not np.isfinite(gap) or gap > line_distance(x, *init, *best):
        first_move = np.subtract(short.wb, init) if short.wb is not None else np.zeros(2)
        uphill = float(first_move @ ctx.oracle.grad(*init, x, y)) > 0
        return Finding.of("loop-ascent" if uphill else "loop-diverges", CONVERGENCE_COST)
    return Finding.of("loop-not-converged", CONVERGENCE_COST)


def _losses_decrease(losses: np.ndarray | None) -> bool:
    return losses is None or losses.size < 2 or bool(np.all(np.isfinite(losses)) and losses[-1] < losses[0])


def _own_functions_right(sub: Submission, ctx: Context, layout: Layout) -> bool:
    """Whether everything the notebook's run uses besides the loop is right (starting values, model,
    loss and its gradient), so that a bad run is not a mistake already charged to another question."""
    init = layout.init
    leaves = plain.leaves(init.value) if isinstance(init, Returned) else None
    if layout.template_kind != "init" or not leaves or any(leaf.dtype.kind not in "f" for leaf in leaves):
        return False
    if layout.model.status != "ok" or layout.names_swapped:
        return False
    w, b = ctx.cases.points[0]
    theta, model = layout.theta(w, b), StudentFn("linear_model")
    value = sub.call("mseloss", theta, model, ctx.cases.x, ctx.cases.y)
    gradient = sub.grad_of("mseloss", theta, model, ctx.cases.x, ctx.cases.y)
    if isinstance(value, Raised) or isinstance(gradient, Raised) or not isinstance(value.value, np.ndarray):
        return False
    want = ctx.oracle.mse(ctx.oracle.predict(w, b, ctx.cases.x), ctx.cases.y)
    flat = plain.flatten(gradient.value)
    return (
        close(value.value, np.float64(want), LOSS_RTOL)
        and flat is not None
        and flat.size == 2
        and close(np.array(layout.unpack(flat)), ctx.oracle.grad(w, b, ctx.cases.x, ctx.cases.y), GRAD_RTOL)
    )


def _notebook_run(sub: Submission, ctx: Context, layout: Layout) -> Finding | None:
    """The notebook's own 3000-step run ends near the best line of the notebook's data."""
    outcome = sub.get("theta")
    flat = plain.flatten(outcome.value) if not isinstance(outcome, Raised) else None
    if flat is not None and flat.size == 2:
        w, b = layout.unpack(flat)
        best = least_squares_line(ctx.cases.notebook_x, ctx.cases.notebook_y)
        if line_distance(ctx.cases.notebook_x, w, b, *best) <= CONVERGENCE_TOLERANCE:
            return None
    else:
        w = b = float("nan")
    if not _own_functions_right(sub, ctx, layout):
        return None  # the run used a model or loss whose mistake is charged where it belongs
    return Finding.of("notebook-theta-off", 1.0, w=w, b=b)


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = begin(sub, ctx, NAME, POINTS)
    if isinstance(layout, Verdict):
        return layout
    cases = ctx.cases
    model, loss = ctx.model(layout.w_index, layout.b_index), ctx.loss()
    init = cases.loop_init

    def run(n_steps: int) -> Run | Raised:
        outcome = sub.call(NAME, layout.theta(*init), model, loss, cases.loop_x, cases.loop_y, n_steps=n_steps)
        return outcome if isinstance(outcome, Raised) else _read(outcome.value, layout)

    short = run(cases.short_steps)
    if isinstance(short, Raised):
        return Verdict(NAME, POINTS, (failure(NAME, short, POINTS),))
    main = run(N_STEPS) if cases.full_loop else short
    if isinstance(main, Raised):
        return Verdict(NAME, POINTS, (failure(NAME, main, POINTS),))
    n_steps = N_STEPS if cases.full_loop else cases.short_steps
    found = [f for f in (main.wrong, _length(main, short, n_steps, cases.short_steps)) if f]
    if main.wb is None:
        return Verdict(NAME, POINTS, tuple(found))
    converged = _convergence(main, short, ctx, init) if cases.full_loop else _short_progress(main, init)
    if converged is not None:
        found.append(converged)
    elif not _losses_decrease(main.losses):
        found.append(Finding.of("loop-losses-not-decreasing", 1.0))
    if converged is None and main.wrong is None:  # a wrong return value also spoils the notebook's run
        found.append(_notebook_run(sub, ctx, layout))
    return Verdict(NAME, POINTS, tuple(f for f in found if f))


def _short_progress(run: Run, init: tuple[float, float]) -> Finding | None:
    """Public check: after a few steps theta has moved, and the losses went down."""
    w, b = run.wb
    if not np.all(np.isfinite((w, b))):
        return Finding.of("loop-diverges", CONVERGENCE_COST)
    if np.allclose((w, b), init, rtol=0, atol=1e-7):
        return Finding.of("loop-no-update", POINTS)
    if (
        run.losses is not None
        and run.losses.size >= 2
        and np.all(np.isfinite(run.losses))
        and run.losses[-1] > run.losses[0]
    ):
        return Finding.of("loop-ascent", CONVERGENCE_COST)
    return None
