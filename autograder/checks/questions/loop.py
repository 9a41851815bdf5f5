"""Question ``model_optimization_loop``: gradient descent that records one loss per step and
returns ``(losses, theta)`` close to the least-squares line.

Hidden checks run the loop on hidden data with the reference model and loss, adapted to the
student's theta and shifted (``cases.LOOP_MODEL_SHIFT``), so that their optimum is not the
least-squares line of the data: only a loop that follows the gradient of the loss it is given,
through the model it is given, ends there. The loop is run for one step, for a few and for 3000,
and the evidence of gradient descent is read off those runs: the first step points against the
gradient of the given loss, the losses recorded are that loss at the thetas visited, and the run
ends at the optimum. A loop that ignores an argument is told by the problem it solves instead.

Public checks run one step and a few with the student's own functions and rely on the notebook's
own run for convergence. The notebook's final ``theta`` must also end near the best fit of the data
the notebook holds (its ``x`` and ``y``: w close to 2, b close to 20 on the lesson's); that costs a
point only when the loop and every function the notebook's run uses were judged right, so one
mistake is never charged twice.

A loop whose losses go up steps uphill (``loop-ascent``) or downhill too far (``loop-diverges``):
the sign of its first step's move along the gradient tells which, in hidden and public checks.
"""

from dataclasses import dataclass

import numpy as np

from .. import plain
from ..cases import CONVERGENCE_TOLERANCE, LOOP_LOSS_SHIFT, LOOP_MODEL_SHIFT, N_STEPS
from ..context import Context
from ..layout import Layout
from ..numerics import LOSS_RTOL, at_most, close, least_squares_line, line_distance
from ..oracle import Oracle
from ..submission import Raised, Submission
from ..verdict import Finding, Verdict
from .common import begin, failure

NAME = "model_optimization_loop"
POINTS = 3.0
NEEDS = ("linear_model", "mseloss")
"""Reference functions the probes of this question are built from."""
CONVERGENCE_COST = 2.0
OWN_FUNCTIONS = ("linear_model", "initialize_linear_params", "mseloss", "dmseloss")
"""What the notebook's own run uses besides the loop: its result is charged only when none was charged."""
FIRST_STEP_RTOL = 0.02
"""How far a first step may lie from the nearest multiple of a gradient, relative to its length.

On hidden inputs, float32 rounding of theta leaves a gradient step of size 0.0001 or more within
0.001 of it; a jump straight to the optimum is off by 0.14 or more, and so is a step along the
gradient of the loss a loop that ignores its model or loss argument follows (see
``cases.hidden_cases``; tests check 2000 seeds). The gradient on the notebook's data may happen to
point the same way: a loop that uses the notebook's data is told by where it ends."""


@dataclass(frozen=True)
class Run:
    """One call of the loop, read as ``losses`` (a vector) and ``(w, b)``; ``wrong`` says what was off."""

    losses: np.ndarray | None
    wb: tuple[float, float] | None
    wrong: Finding | None
    records: Finding | None = None
    """Set when what the loop records at each step is not one number (``losses`` is then None)."""

    def took(self, n_steps: int) -> bool:
        """Whether the run shows ``n_steps`` steps: as many losses, or no losses to say otherwise."""
        return self.wb is not None and (self.losses is None or self.losses.size == n_steps)


@dataclass(frozen=True)
class Target:
    """A least-squares problem a loop may be solving: the loss it is given through the model it is
    given on its data (``ignored`` empty), or what a loop that uses the notebook's own model, loss
    or data instead minimises (``ignored`` names the arguments it ignores)."""

    x: np.ndarray
    y: np.ndarray
    model_shift: float
    loss_shift: float
    ignored: tuple[str, ...]

    @property
    def fitted(self) -> np.ndarray:
        """The values a plain line is fitted to: the shifts move the optimum, not the curvature."""
        return self.y + (self.loss_shift - self.model_shift)

    def best(self) -> tuple[float, float]:
        return least_squares_line(self.x, self.fitted)

    def gradient(self, oracle: Oracle, wb: tuple[float, float]) -> np.ndarray:
        return oracle.grad(*wb, self.x, self.fitted)

    def loss(self, oracle: Oracle, wb: tuple[float, float]) -> float:
        """The loss as the probes compute it: shifted predictions against shifted targets."""
        return oracle.mse(oracle.predict(*wb, self.x) + self.model_shift, self.y + self.loss_shift)

    @property
    def detail(self) -> str:
        *rest, last = self.ignored
        return f"{', '.join(rest)} and {last}" if rest else last


def _targets(ctx: Context, notebook: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Target, ...]:
    """The given problem first, then each way of ignoring the model, the loss and the data.

    A loop that ignores its ``x`` and ``y`` fits the globals the notebook holds: ``notebook``, read
    from the submission (``_notebook_data``); the lesson's data when it holds none usable."""
    cases = ctx.cases
    model_shift, loss_shift = (LOOP_MODEL_SHIFT, LOOP_LOSS_SHIFT) if ctx.probes else (0.0, 0.0)
    notebook_x, notebook_y = notebook if notebook is not None else (cases.notebook_x, cases.notebook_y)
    data = {(): (cases.loop_x, cases.loop_y), ("x", "y"): (notebook_x, notebook_y)}
    functions = {(): (model_shift, loss_shift), ("model",): (0.0, loss_shift), ("loss",): (model_shift, 0.0)}
    functions[("model", "loss")] = (0.0, 0.0)
    return tuple(
        Target(x, y, *shifts, (*ignored_functions, *ignored_data))
        for ignored_data, (x, y) in data.items()
        for ignored_functions, shifts in functions.items()
    )


def _notebook_data(sub: Submission) -> tuple[np.ndarray, np.ndarray] | None:
    """The notebook's own ``x`` and ``y`` globals (float32 vectors), or None when either is missing,
    is not numeric, their lengths differ, a value is not finite or x takes one value only."""
    found = []
    for name in ("x", "y"):
        outcome = sub.get(name)
        value = None if isinstance(outcome, Raised) else outcome.value
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
            return None
        found.append(np.ravel(value).astype(np.float64))
    x, y = found
    if x.size != y.size or x.size < 2 or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))) or np.ptp(x) == 0:
        return None
    return x.astype(np.float32), y.astype(np.float32)


def _not_losses(tree: plain.Plain, theta_size: int) -> Finding | None:
    """A finding when the recorded sequence holds something else than one number per step (for
    example the gradient, one value shaped like theta per step)."""
    if isinstance(tree, plain.Node) and tree.kind in ("list", "tuple") and tree.children:
        flats = [plain.flatten(child) for child in tree.children]
        sizes = {-1 if flat is None else flat.size for flat in flats}
    elif isinstance(tree, np.ndarray) and tree.ndim >= 2 and tree.shape[0] and tree.size != tree.shape[0]:
        sizes = {tree.size // tree.shape[0]}
    else:
        return None
    if sizes == {1}:
        return None
    if sizes == {theta_size}:
        got = f"{theta_size} numbers shaped like theta (the gradient or theta itself?)"
    elif len(sizes) == 1 and -1 not in sizes:
        got = f"{sizes.pop()} numbers"
    else:
        got = "values that are not single numbers"
    return Finding.of("loop-records-not-loss", 1.0, got=got)


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
            records = _not_losses(first, 2)
            return Run(None if records else plain.flatten(first), as_theta(second), None, records)
        if as_theta(first) is not None and plain.signature(second) != theta_signature:
            swapped = Finding.of("loop-returns-wrong", 1.0, detail="it returns (theta, losses), in the wrong order")
            return Run(plain.flatten(second), as_theta(first), swapped)
    if as_theta(value) is not None:
        bare = Finding.of("loop-returns-wrong", 1.0, detail="it returns theta without the losses")
        return Run(None, as_theta(value), bare)
    return Run(None, None, Finding.of("loop-returns-wrong", POINTS, detail=f"got {plain.describe(value)}"))


def _length(run: Run, short: Run, n_steps: int, short_steps: int) -> Finding | None:
    if run.losses is None:
        return None
    if run.losses.size == n_steps and short.losses is not None and short.losses.size != short_steps:
        return Finding.of("loop-ignores-arguments", 1.0, detail="n_steps")
    if run.losses.size != n_steps:
        return Finding.of("loop-losses-length", 1.0, expected=n_steps, got=run.losses.size)
    return None


def _along(move: np.ndarray, gradient: np.ndarray) -> tuple[float, float]:
    """The step size s that makes ``-s * gradient`` closest to ``move`` (negative for a step uphill),
    and how far ``move`` is from it, relative to its length."""
    size = -float(move @ gradient) / float(gradient @ gradient)
    return size, float(np.linalg.norm(move + size * gradient) / np.linalg.norm(move))


def _first_move(first: Run, short: Run, init: tuple[float, float]) -> np.ndarray:
    """How theta moved in the loop's first step (in its first few when one step cannot be seen)."""
    run = first if first.took(1) else short
    return np.subtract(run.wb, init) if run.wb is not None else np.zeros(2)


def _first_step(first: Run, ctx: Context, targets: tuple[Target, ...]) -> Finding | None:
    """What the loop's first step (a run of ``n_steps=1``) shows, as a finding; None when it steps
    against the gradient of the given loss, or when no single step can be seen (the loop ignores
    ``n_steps``, does not move, or blows up at once: the end of the long run says which).

    A step along the gradient of the given loss counts as that; otherwise the problem whose
    gradient the step follows most closely, if it follows one at all, says what the loop solves."""
    init = ctx.cases.loop_init
    move = np.subtract(first.wb, init) if first.took(1) else np.zeros(2)
    if not np.any(move) or not np.all(np.isfinite(move)):
        return None
    fits = [(*_along(move, target.gradient(ctx.oracle, init)), target) for target in targets]
    size, off, target = fits[0] if fits[0][1] <= FIRST_STEP_RTOL else min(fits, key=lambda fit: fit[1])
    if off > FIRST_STEP_RTOL:
        return Finding.of("loop-not-gradient-descent", CONVERGENCE_COST)
    if size < 0:
        return Finding.of("loop-ascent", CONVERGENCE_COST)
    if target.ignored:
        return Finding.of("loop-ignores-arguments", CONVERGENCE_COST, detail=target.detail)
    return None


def _convergence(run: Run, move: np.ndarray, ctx: Context, targets: tuple[Target, ...]) -> Finding | None:
    """None if ``run`` ends at the optimum of the given problem; otherwise why not.

    ``move``, the loop's first move, tells ascent from divergence: an ascending loop moves theta
    along the gradient, a diverging one against it but too far."""
    init, given = ctx.cases.loop_init, targets[0]
    w, b = run.wb
    gap = line_distance(given.x, w, b, *given.best())
    if np.isfinite(gap) and gap <= CONVERGENCE_TOLERANCE:
        return None
    if np.allclose((w, b), init, rtol=0, atol=1e-6):
        return Finding.of("loop-no-update", POINTS)  # a loop that never steps has done none of the work
    for target in targets[1:]:
        if np.isfinite(gap) and line_distance(target.x, w, b, *target.best()) <= CONVERGENCE_TOLERANCE:
            return Finding.of("loop-ignores-arguments", CONVERGENCE_COST, detail=target.detail)
    if not np.isfinite(gap) or gap > line_distance(given.x, *init, *given.best()):
        uphill = float(move @ given.gradient(ctx.oracle, init)) > 0
        return Finding.of("loop-ascent" if uphill else "loop-diverges", CONVERGENCE_COST)
    return Finding.of("loop-not-converged", CONVERGENCE_COST)


def _losses_recorded(main: Run, first: Run, short: Run, ctx: Context, given: Target) -> Finding | None:
    """A finding when the recorded losses are not the given loss at the thetas the loop visits.

    Checked where the theta is known: the start, the ends of the one-step and few-step runs (the
    long run passes through them) and the end, for losses recorded after each update or before it
    (the last of those is the loss one step before the end: no lower than the loss at the end).
    No recorded loss may be below the least loss there is."""
    if main.losses is None or main.losses.size != N_STEPS or not np.all(np.isfinite(main.losses)):
        return None  # a wrong length or a blow-up is charged on its own
    k = ctx.cases.short_steps

    def loss(run: Run, n_steps: int) -> float | None:
        return given.loss(ctx.oracle, run.wb) if run.took(n_steps) else None

    def matches(pairs: list[tuple[int, float | None]]) -> bool:
        known = [(i, want) for i, want in pairs if want is not None]
        return all(close(np.float64(main.losses[i]), np.float64(want), LOSS_RTOL) for i, want in known)

    end = given.loss(ctx.oracle, main.wb)
    after = matches([(0, loss(first, 1)), (k - 1, loss(short, k)), (N_STEPS - 1, end)])
    before = matches([(0, given.loss(ctx.oracle, ctx.cases.loop_init)), (k, loss(short, k))]) and at_most(
        end, float(main.losses[-1]), LOSS_RTOL
    )
    lowest = given.loss(ctx.oracle, given.best())
    if (after or before) and at_most(lowest, float(np.min(main.losses)), LOSS_RTOL):
        return None
    return Finding.of("loop-losses-wrong", 1.0)


def _losses_decrease(losses: np.ndarray | None) -> bool:
    return losses is None or losses.size < 2 or bool(np.all(np.isfinite(losses)) and losses[-1] < losses[0])


def _notebook_run(
    sub: Submission, ctx: Context, layout: Layout, notebook: tuple[np.ndarray, np.ndarray] | None
) -> Finding | None:
    """The notebook's own 3000-step run ends near the best line of the data the notebook holds
    (``notebook``, its ``x`` and ``y`` globals: a student may draw their own); not judged when the
    notebook holds no usable data (see ``_notebook_data``).

    Not charged when a function that run uses was charged a mistake (``Context.prior``): a bad run
    is then a mistake already charged to another question."""
    if notebook is None or any(ctx.charged(name) for name in OWN_FUNCTIONS):
        return None
    x, y = notebook
    best_w, best_b = least_squares_line(x, y)
    outcome = sub.get("theta")
    flat = plain.flatten(outcome.value) if not isinstance(outcome, Raised) else None
    if flat is None or flat.size != 2:
        return Finding.of("notebook-theta-off", 1.0, w=float("nan"), b=float("nan"), best_w=best_w, best_b=best_b)
    w, b = layout.unpack(flat)
    if line_distance(x, w, b, best_w, best_b) <= CONVERGENCE_TOLERANCE:
        return None
    return Finding.of("notebook-theta-off", 1.0, w=w, b=b, best_w=best_w, best_b=best_b)


def _moves(first: Run, short: Run, main: Run, ctx: Context, targets: tuple[Target, ...]) -> list[Finding | None]:
    """How the loop moves theta (hidden checks), charged once per mistake: a first step along the
    gradient of another problem, or uphill, also explains where the run ends; a loop that steps
    along no gradient at all still answers for ignoring an argument, but not again for the end."""
    step = _first_step(first, ctx, targets)
    end = _convergence(main, _first_move(first, short, ctx.cases.loop_init), ctx, targets)
    if step is None:
        return [end]
    if step.code == "loop-not-gradient-descent" and end is not None and end.code == "loop-ignores-arguments":
        return [step, end]
    return [step]


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = begin(sub, ctx, NAME, POINTS)
    if isinstance(layout, Verdict):
        return layout
    cases = ctx.cases
    model, loss = ctx.loop_model(layout.w_index, layout.b_index), ctx.loop_loss()
    runs: list[Run] = []
    for n_steps in (1, cases.short_steps, N_STEPS) if cases.full_loop else (1, cases.short_steps):
        theta = layout.theta(*cases.loop_init)
        outcome = sub.call(NAME, theta, model, loss, cases.loop_x, cases.loop_y, n_steps=n_steps)
        if isinstance(outcome, Raised):
            return Verdict(NAME, POINTS, (failure(NAME, outcome, POINTS),))
        runs.append(_read(outcome.value, layout))
    first, short, main = runs if cases.full_loop else (runs[0], runs[1], runs[1])
    n_steps = N_STEPS if cases.full_loop else cases.short_steps
    found = [main.wrong, main.records, _length(main, short, n_steps, cases.short_steps)]
    if main.wb is None:
        return Verdict(NAME, POINTS, tuple(f for f in found if f))
    notebook = _notebook_data(sub)
    if cases.full_loop:
        targets = _targets(ctx, notebook)
        moves = _moves(first, short, main, ctx, targets)
        ignores = any(f is not None and f.code == "loop-ignores-arguments" for f in moves)
        # A loop that solves another problem records that problem's losses: the same mistake.
        records = None if ignores else _losses_recorded(main, first, short, ctx, targets[0])
    else:
        moves, records = [_short_progress(main, first, ctx)], None
    found += [*moves, records]
    if not any(moves) and records is None and not _losses_decrease(main.losses):
        found.append(Finding.of("loop-losses-not-decreasing", 1.0))
    if main.wrong is None and not any(moves):  # a wrong return value also spoils the notebook's run
        found.append(_notebook_run(sub, ctx, layout, notebook))
    return Verdict(NAME, POINTS, tuple(f for f in found if f))


def _short_progress(run: Run, first: Run, ctx: Context) -> Finding | None:
    """Public check: after a few steps theta has moved, and the losses went down (or stayed finite).

    A loop that makes the loss go up either steps uphill (``loop-ascent``) or steps downhill too far
    and overshoots (``loop-diverges``: a smaller step size is the cure): the sign of its first
    step's move along the gradient at the start tells which."""
    init = ctx.cases.loop_init
    # Asked on every run, so that ``autograder assign`` records it for the public table.
    gradient = ctx.oracle.grad(*init, ctx.cases.loop_x, ctx.cases.loop_y)
    w, b = run.wb
    finite = bool(np.all(np.isfinite((w, b))))
    if finite and np.allclose((w, b), init, rtol=0, atol=1e-7):
        return Finding.of("loop-no-update", POINTS)
    went_up = (
        run.losses is not None
        and run.losses.size >= 2
        and np.all(np.isfinite(run.losses))
        and run.losses[-1] > run.losses[0]
    )
    if finite and not went_up:
        return None
    move = _first_move(first, run, init)
    uphill = bool(np.all(np.isfinite(move))) and float(move @ gradient) > 0
    return Finding.of("loop-ascent" if uphill else "loop-diverges", CONVERGENCE_COST)
