"""The optimisation-loop question of any lesson: gradient descent that records one loss per step and
returns ``(losses, theta)`` close to the optimum of the problem it is given.

Hidden checks run the loop on hidden data with the reference model and loss, adapted to the
student's theta and changed (the lesson's cases say how) so that their optimum is not that of the
plain problem: only a loop that follows the gradient of the loss it is given, through the model it
is given, ends there. The loop is run for one step, for a few and for the lesson's ``n_steps``, and
the evidence of gradient descent is read off those runs: the first step points against the gradient
of the given loss, the losses recorded are that loss at the thetas visited, and the run ends at the
optimum. A loop that ignores an argument is told by the problem it solves instead (the lesson's
``targets``: the given problem first, then one per way of ignoring the model, the loss or the data).

Public checks run one step and a few with the student's own functions and rely on the notebook's
own run for convergence. The notebook's final ``theta`` must also end near the optimum of the data
the notebook holds (its ``x`` and ``y``); that costs a point only when the loop and every function
the notebook's run uses were judged right, so one mistake is never charged twice.

A loop whose losses go up steps uphill (``loop-ascent``) or downhill too far (``loop-diverges``):
the sign of its first step's move along the gradient tells which, in hidden and public checks.

What a lesson provides: cases with ``loop_x``, ``loop_y``, ``loop_init`` (w, b), ``short_steps``
and ``full_loop``; an oracle with ``grad(w, b, x, y)``; and ``Problem``s.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from . import plain
from .common import begin
from .context import Context
from .layout import Layout
from .numerics import LOSS_RTOL, RECORDED_LOSS_ATOL, at_most, recorded_loss_close
from .submission import Outcome, Raised, StudentFn, Submission, Theta
from .verdict import Finding, Verdict
from .wording import Wording


class Problem(Protocol):
    """A problem a loop may be solving: the loss it is given through the model it is given on its data
    (``ignored`` empty), or what a loop that uses the notebook's own model, loss or data instead
    minimises (``ignored`` names the arguments it ignores)."""

    ignored: tuple[str, ...]

    def best(self) -> tuple[float, float]:
        """The optimum ``(w, b)``."""

    def gradient(self, oracle: Any, wb: tuple[float, float]) -> np.ndarray:
        """The gradient of the problem's loss at ``wb``, as ``[dL/dw, dL/db]``."""

    def loss(self, oracle: Any, wb: tuple[float, float]) -> float:
        """The problem's loss at ``wb``, as the probes compute it."""

    def gap(self, wb: tuple[float, float]) -> float:
        """How far ``wb`` fits from the optimum (the lesson's measure, compared with its tolerance)."""


Targets = Callable[[Context, tuple[np.ndarray, np.ndarray] | None], tuple[Problem, ...]]
"""``targets(ctx, notebook)``: the given problem first, then each way of ignoring an argument; ``notebook``
is the notebook's own ``x`` and ``y`` (``notebook_data``), None when it holds none usable."""


BREAKS_A_CALL = frozenset(
    {"missing-definition", "not-callable", "not-implemented", "exception", "loss-not-scalar", "loss-ignores-data"}
)
"""What the model or loss question can charge that makes a loop calling that notebook function raise
(a loss that is not a scalar has no gradient; one that reads the notebook's ``y`` fails on other data)."""


RETURNS_START = "it returns the theta it was given, not the one its steps reach"
"""``loop-returns-wrong``'s detail for a loop whose losses fall while the theta it returns never moved."""


def describe_ignored(ignored: tuple[str, ...]) -> str:
    """``model``, ``model and loss``, ``model, loss and x``..."""
    *rest, last = ignored
    return f"{', '.join(rest)} and {last}" if rest else last


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


def notebook_data(sub: Submission) -> tuple[np.ndarray, np.ndarray] | None:
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


def along(move: np.ndarray, gradient: np.ndarray) -> tuple[float, float]:
    """The step size s that makes ``-s * gradient`` closest to ``move`` (negative for a step uphill),
    and how far ``move`` is from it, relative to its length."""
    size = -float(move @ gradient) / float(gradient @ gradient)
    return size, float(np.linalg.norm(move + size * gradient) / np.linalg.norm(move))


def first_move(first: Run, short: Run, init: tuple[float, float]) -> np.ndarray:
    """How theta moved in the loop's first step (in its first few when one step cannot be seen)."""
    run = first if first.took(1) else short
    return np.subtract(run.wb, init) if run.wb is not None else np.zeros(2)


def losses_decrease(losses: np.ndarray | None) -> bool:
    return losses is None or losses.size < 2 or bool(np.all(np.isfinite(losses)) and losses[-1] < losses[0])


@dataclass(frozen=True)
class Convergence:
    """``n_steps``: the hidden run's length; ``tolerance``: the largest ``Problem.gap`` of an end that counts
    as converged; ``cost``: what a loop that does not get there loses; ``first_step_rtol``: how far a
    first step may lie from the nearest multiple of a gradient, relative to its length."""

    n_steps: int
    tolerance: float
    cost: float
    first_step_rtol: float


@dataclass(frozen=True)
class LoopQuestion:
    """A lesson's loop question. ``own_functions``: what the notebook's own run uses besides the loop;
    ``notebook_problem(x, y)``: the plain problem on the notebook's data (None when it has no optimum)."""

    points: float
    words: Wording
    convergence: Convergence
    own_functions: tuple[str, ...]
    targets: Targets
    notebook_problem: Callable[[np.ndarray, np.ndarray], Problem | None]

    def _not_losses(self, tree: plain.Plain, theta_size: int, data_size: int) -> Finding | None:
        """A finding when the recorded sequence holds something else than one number per step (for
        example the gradient, one value shaped like theta per step, or the predictions, one per x)."""
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
            got = f"{plain.size_text(sizes.pop(), data_size)} numbers"
        else:
            got = "values that are not single numbers"
        return self.words.finding("loop-records-not-loss", 1.0, got=got)

    def _read(self, value: plain.Plain, layout: Layout, data_size: int, names: frozenset[str] | None) -> Run:
        """Interpret the loop's return value, tolerating (theta, losses) order, extra items after
        (losses, theta), a dict with the losses under a key naming them, or a bare theta: each of
        those costs one point for the return alone, the run is judged as usual."""
        theta_signature = plain.signature(layout.template)
        word = self.words.finding

        def as_theta(tree: plain.Plain) -> tuple[float, float] | None:
            flat = plain.flatten(tree)
            if flat is None or flat.size != 2:
                return None
            return layout.unpack(flat)

        def pair(losses: plain.Plain, theta: plain.Plain) -> Run | None:
            if plain.signature(losses) == theta_signature or as_theta(theta) is None:
                return None
            records = self._not_losses(losses, 2, data_size)
            return Run(None if records else plain.flatten(losses), as_theta(theta), None, records)

        sequence = isinstance(value, plain.Node) and value.kind in ("tuple", "list")
        if sequence and len(value.children) == 2:
            first, second = value.children
            if run := pair(first, second):
                return run
            if as_theta(first) is not None and plain.signature(second) != theta_signature:
                swapped = word("loop-returns-wrong", 1.0, detail="it returns (theta, losses), in the wrong order")
                return Run(plain.flatten(second), as_theta(first), swapped)
        if sequence and len(value.children) > 2 and (run := pair(*value.children[:2])):
            extra = word("loop-returns-wrong", 1.0, detail=f"it returns {len(value.children)} items, not 2")
            return replace(run, wrong=extra)
        if isinstance(value, plain.Node) and value.kind == "dict":
            named = dict(zip(value.keys, value.children, strict=True))
            losses = [child for key, child in named.items() if "loss" in key.lower()]
            thetas = [
                child for key, child in named.items() if "loss" not in key.lower() and as_theta(child) is not None
            ]
            if len(losses) == 1 and len(thetas) == 1 and (run := pair(losses[0], thetas[0])):
                labelled = word("loop-returns-wrong", 1.0, detail="it returns a dict, not the tuple (losses, theta)")
                return replace(run, wrong=labelled)
        if as_theta(value) is not None:
            bare = word("loop-returns-wrong", 1.0, detail="it returns theta without the losses")
            return Run(None, as_theta(value), bare)
        return Run(None, None, word("loop-returns-wrong", self.points, detail=f"got {plain.describe(value, names)}"))

    def _count(self, count: int, expected: int) -> str:
        """How many losses a run recorded, as its message shows it (``plain.count_text``): the lesson's
        number of steps and a tenth of ``expected`` (one loss every 10 steps) are shown as they are."""
        return plain.count_text(count, expected, (self.convergence.n_steps, expected // 10))

    def _length(self, run: Run, short: Run, n_steps: int, short_steps: int) -> Finding | None:
        """A finding when ``run`` (of ``n_steps``) records another number of losses, or when the short
        run of ``short_steps`` does: that loop ignores ``n_steps`` if the short run also ends where the
        long one does, else it steps as asked and records a fixed number of losses (``np.zeros(3000)``
        filled in, say), which is the length's mistake, not the steps'."""
        if run.losses is None:
            return None
        if run.losses.size == n_steps and short.losses is not None and short.losses.size != short_steps:
            if short.wb is not None and run.wb is not None and short.wb != run.wb:
                got = self._count(short.losses.size, short_steps)
                return self.words.finding("loop-losses-length", 1.0, expected=short_steps, got=got)
            return self.words.finding("loop-ignores-arguments", 1.0, detail="n_steps")
        if run.losses.size != n_steps:
            return self.words.finding(
                "loop-losses-length", 1.0, expected=n_steps, got=self._count(run.losses.size, n_steps)
            )
        return None

    def _first_step(self, first: Run, ctx: Context, targets: tuple[Problem, ...]) -> Finding | None:
        """What the loop's first step (a run of ``n_steps=1``) shows, as a finding; None when it steps
        against the gradient of the given loss, or when no single step can be seen (the loop ignores
        ``n_steps``, does not move, or blows up at once: the end of the long run says which).

        A step along the gradient of the given loss counts as that; otherwise the problem whose
        gradient the step follows most closely, if it follows one at all, says what the loop solves."""
        init, word = ctx.cases.loop_init, self.words.finding
        move = np.subtract(first.wb, init) if first.took(1) else np.zeros(2)
        if not np.any(move) or not np.all(np.isfinite(move)):
            return None
        fits = [(*along(move, target.gradient(ctx.oracle, init)), target) for target in targets]
        rtol = self.convergence.first_step_rtol
        size, off, target = fits[0] if fits[0][1] <= rtol else min(fits, key=lambda fit: fit[1])
        if off > rtol:
            return word("loop-not-gradient-descent", self.convergence.cost)
        if size < 0:
            return word("loop-ascent", self.convergence.cost)
        if target.ignored:
            return word("loop-ignores-arguments", self.convergence.cost, detail=describe_ignored(target.ignored))
        return None

    def _convergence(self, run: Run, move: np.ndarray, ctx: Context, targets: tuple[Problem, ...]) -> Finding | None:
        """None if ``run`` ends at the optimum of the given problem; otherwise why not.

        ``move``, the loop's first move, tells ascent from divergence: an ascending loop moves theta
        along the gradient, a diverging one against it but too far."""
        init, given = ctx.cases.loop_init, targets[0]
        w, b = run.wb
        gap = given.gap((w, b))
        if np.isfinite(gap) and gap <= self.convergence.tolerance:
            return None
        best_w, best_b = given.best()
        seen = {"gap": gap, "tolerance": self.convergence.tolerance, "w": w, "b": b, "best_w": best_w, "best_b": best_b}

        def word(code: str, cost: float, **detail: object) -> Finding:  # where the run ended, for instructors
            return self.words.finding(code, cost, **detail).with_measured(**seen)

        if np.allclose((w, b), init, rtol=0, atol=1e-6):
            if self._losses_reach_best(run, ctx, given):  # it steps, then returns the theta it was given
                return word("loop-returns-wrong", 1.0, detail=RETURNS_START)
            return word("loop-no-update", self.points)  # a loop that never steps has done none of the work
        for target in targets[1:]:
            if np.isfinite(gap) and target.gap((w, b)) <= self.convergence.tolerance:
                return word("loop-ignores-arguments", self.convergence.cost, detail=describe_ignored(target.ignored))
        if not np.isfinite(gap) or gap > given.gap(init):
            uphill = float(move @ given.gradient(ctx.oracle, init)) > 0
            return word("loop-ascent" if uphill else "loop-diverges", self.convergence.cost)
        return word("loop-not-converged", self.convergence.cost)

    def _losses_reach_best(self, run: Run, ctx: Context, given: Problem) -> bool:
        """Whether the losses ``run`` recorded fall from the start to the given problem's least loss
        (within 1% of the way down): the loop did the work, whatever theta it returns."""
        losses = run.losses
        if losses is None or losses.size != self.convergence.n_steps or not np.all(np.isfinite(losses)):
            return False
        start, lowest = given.loss(ctx.oracle, ctx.cases.loop_init), given.loss(ctx.oracle, given.best())
        return bool(losses[-1] < losses[0]) and float(losses[-1]) - lowest <= 0.01 * (start - lowest)

    def _reuses_first_gradient(self, first: Run, short: Run, ctx: Context, given: Problem) -> bool:
        """Whether the loop takes every step with the gradient at the start: after ``short_steps``
        steps theta has moved exactly that many first steps, in a straight line, where gradient
        descent with the same step size (simulated with the given problem's gradient) would have
        bent measurably away from that line. Nothing is said when it would not have."""
        init, k = np.asarray(ctx.cases.loop_init, np.float64), ctx.cases.short_steps
        if not (first.took(1) and short.took(k)):
            return False
        move = np.subtract(first.wb, init)
        if not np.any(move) or not np.all(np.isfinite(move)) or not np.all(np.isfinite(short.wb)):
            return False
        start = np.asarray(given.gradient(ctx.oracle, tuple(init)), np.float64)
        size, _ = along(move, start)
        descent = init - size * start
        for _ in range(k - 1):
            descent = descent - size * np.asarray(given.gradient(ctx.oracle, tuple(descent)), np.float64)
        line = init + k * move
        bend = float(np.linalg.norm(descent - line))
        straight = float(np.linalg.norm(np.subtract(short.wb, line)))
        return bool(np.isfinite(bend)) and bend > 1e-4 * float(np.linalg.norm(k * move)) and straight < 0.1 * bend

    def _losses_recorded(self, main: Run, first: Run, short: Run, ctx: Context, given: Problem) -> Finding | None:
        """A finding when the recorded losses are not the given loss at the thetas the loop visits.

        Checked where the theta is known: the start, the ends of the one-step and few-step runs (the
        long run passes through them) and the end, for losses recorded after each update or before it
        (the last of those is the loss one step before the end: no lower than the loss at the end).
        No recorded loss may be below the least loss there is. Recorded losses may be rounded to three
        decimals (``numerics.RECORDED_LOSS_ATOL``)."""
        if main.losses is None or main.losses.size != self.convergence.n_steps or not np.all(np.isfinite(main.losses)):
            return None  # a wrong length or a blow-up is charged on its own
        k = ctx.cases.short_steps

        def loss(run: Run, n_steps: int) -> float | None:
            return given.loss(ctx.oracle, run.wb) if run.took(n_steps) else None

        def matches(pairs: list[tuple[int, float | None]]) -> bool:
            known = [(i, want) for i, want in pairs if want is not None]
            return all(recorded_loss_close(main.losses[i], want) for i, want in known)

        end = given.loss(ctx.oracle, main.wb)
        after = matches([(0, loss(first, 1)), (k - 1, loss(short, k)), (self.convergence.n_steps - 1, end)])
        before = matches([(0, given.loss(ctx.oracle, ctx.cases.loop_init)), (k, loss(short, k))]) and at_most(
            end, float(main.losses[-1]), LOSS_RTOL, RECORDED_LOSS_ATOL
        )
        lowest = given.loss(ctx.oracle, given.best())
        if (after or before) and at_most(lowest, float(np.min(main.losses)), LOSS_RTOL, RECORDED_LOSS_ATOL):
            return None
        return self.words.finding("loop-losses-wrong", 1.0)

    @staticmethod
    def _fails_as_own_function_does(sub: Submission, ctx: Context, error: Raised, theta: Theta, model: Any) -> str:
        """The argument a raising loop ignores (``loss`` or ``model``; empty when none): it raises as
        the notebook's own loss (or its gradient) or model does on the loop's data, and that function
        was charged for failing on its own question. Such a loop calls the notebook's function instead
        of the one it is given: that costs what ignoring an argument costs, and the function's failure
        is charged on its own question only. Matched on the error, type and message, or on a NameError
        naming a function that is missing. (A loop that only calls the broken function matches too:
        nothing can tell it apart while that function cannot run.)

        The error is the sandbox's word, so the match alone is not trusted: the other functions the
        loop could call (model or loss, and the init) must have passed their own questions, which
        a sandbox that refuses every call with one error never lets happen (``abuse/refuse_every_call``)."""
        x, y = ctx.cases.loop_x, ctx.cases.loop_y
        loss, model_name = ctx.roles.loss, ctx.roles.model

        def own_errors(function: str) -> list[Outcome]:
            if function == model_name:
                return [sub.call(model_name, theta, x)]
            models = (model, StudentFn(model_name))
            return [sub.call(loss, theta, m, x, y) for m in models] + [
                sub.grad_of(loss, theta, m, x, y) for m in models
            ]

        for argument, function in (("loss", loss), ("model", model_name)):
            others = {model_name, loss, ctx.roles.init} - {function}
            if not ctx.charged(function, BREAKS_A_CALL) or not all(ctx.passed(other) for other in others):
                continue
            if (error.error == "NameError" and f"'{function}'" in error.detail) or error in own_errors(function):
                return argument
        return ""

    @staticmethod
    def _may_follow_a_charged_function(moves: list[Finding | None], ctx: Context) -> bool:
        """Whether the loop's first step follows no problem at all while the notebook's own model or
        loss was charged a mistake: a loop that uses that function instead of the one it is given
        solves the problem the wrong function defines, which is none of the targets (they assume the
        notebook's functions right), so its losses are that problem's too. One mistake, charged once
        (``loop-not-gradient-descent``), not again as ``loop-losses-wrong``."""
        astray = any(f is not None and f.code == "loop-not-gradient-descent" for f in moves)
        return astray and (ctx.charged(ctx.roles.model) or ctx.charged(ctx.roles.loss))

    def _notebook_run(
        self, sub: Submission, ctx: Context, layout: Layout, notebook: tuple[np.ndarray, np.ndarray] | None
    ) -> Finding | None:
        """The notebook's own run ends near the optimum of the data the notebook holds (``notebook``, its
        ``x`` and ``y`` globals: a student may draw their own); not judged when the notebook holds no
        usable data (see ``notebook_data``) or they have no optimum.

        Not charged when a function that run uses was charged a mistake (``Context.prior``): a bad run
        is then a mistake already charged to another question."""
        if notebook is None or any(ctx.charged(name) for name in self.own_functions):
            return None
        problem = self.notebook_problem(*notebook)
        if problem is None:
            return None
        best_w, best_b = problem.best()
        outcome = sub.get("theta")
        flat = plain.flatten(outcome.value) if not isinstance(outcome, Raised) else None
        word = self.words.finding
        if flat is None or flat.size != 2:
            return word("notebook-theta-off", 1.0, w=float("nan"), b=float("nan"), best_w=best_w, best_b=best_b)
        w, b = layout.unpack(flat)
        if problem.gap((w, b)) <= self.convergence.tolerance:
            return None
        return word("notebook-theta-off", 1.0, w=w, b=b, best_w=best_w, best_b=best_b)

    def _moves(
        self, first: Run, short: Run, main: Run, ctx: Context, targets: tuple[Problem, ...]
    ) -> list[Finding | None]:
        """How the loop moves theta (hidden checks), charged once per mistake: a first step along the
        gradient of another problem, or uphill, also explains where the run ends; a loop that steps
        along no gradient at all still answers for ignoring an argument, but not again for the end."""
        step = self._first_step(first, ctx, targets)
        if step is None and self._still_for_few_steps(first, short, main, ctx):
            step = self.words.finding("loop-not-gradient-descent", self.convergence.cost)
        end = self._convergence(main, first_move(first, short, ctx.cases.loop_init), ctx, targets)
        if step is None:
            if (
                end is not None
                and end.code != "loop-returns-wrong"
                and self._reuses_first_gradient(first, short, ctx, targets[0])
            ):  # its first step is right, and so is its direction: the end alone would blame the step size
                return [self.words.finding("loop-gradient-once", self.convergence.cost)]
            return [end]
        if step.code == "loop-not-gradient-descent" and end is not None and end.code == "loop-ignores-arguments":
            return [step, end]
        return [step]

    @staticmethod
    def _still_for_few_steps(first: Run, short: Run, main: Run, ctx: Context) -> bool:
        """Whether the runs of 1 and of k steps record as many losses but leave theta where it was,
        while the long run moves it: gradient descent moves theta at every step, so what moves it in
        the long run is no gradient step the checks could see (``abuse/loop_jumps_only_when_run_long``)."""
        init, k = ctx.cases.loop_init, ctx.cases.short_steps

        def still(run: Run) -> bool:
            return run.wb is not None and bool(np.allclose(run.wb, init, rtol=0, atol=1e-7))

        return (
            first.took(1)
            and short.took(k)
            and still(first)
            and still(short)
            and main.wb is not None
            and not still(main)
        )

    def _short_progress(self, run: Run, first: Run, ctx: Context) -> Finding | None:
        """Public check: after a few steps theta has moved, and the losses went down (or stayed finite).

        A loop that makes the loss go up either steps uphill (``loop-ascent``) or steps downhill too far
        and overshoots (``loop-diverges``: a smaller step size is the cure): the sign of its first
        step's move along the gradient at the start tells which."""
        init = ctx.cases.loop_init
        # Asked on every run, so that ``autograder assign`` records it for the public table.
        gradient = ctx.oracle.grad(*init, ctx.cases.loop_x, ctx.cases.loop_y)
        w, b = run.wb
        finite = bool(np.all(np.isfinite((w, b))))
        seen = run.losses is not None and run.losses.size >= 2 and bool(np.all(np.isfinite(run.losses)))
        if finite and np.allclose((w, b), init, rtol=0, atol=1e-7):
            if seen and run.losses[-1] < run.losses[0]:  # it steps, then returns the theta it was given
                return self.words.finding("loop-returns-wrong", 1.0, detail=RETURNS_START)
            return self.words.finding("loop-no-update", self.points)
        went_up = seen and run.losses[-1] > run.losses[0]
        if finite and not went_up:
            return None
        move = first_move(first, run, init)
        uphill = bool(np.all(np.isfinite(move))) and float(move @ gradient) > 0
        return self.words.finding("loop-ascent" if uphill else "loop-diverges", self.convergence.cost)

    def judge(self, sub: Submission, ctx: Context) -> Verdict:
        name, points = ctx.roles.loop, self.points
        layout = begin(sub, ctx, name, points)
        if isinstance(layout, Verdict):
            return layout
        cases = ctx.cases
        model, loss = ctx.loop_model(layout.w_index, layout.b_index), ctx.loop_loss()
        runs: list[Run] = []
        for n_steps in (1, cases.short_steps, self.convergence.n_steps) if cases.full_loop else (1, cases.short_steps):
            theta = layout.theta(*cases.loop_init)
            outcome = sub.call(name, theta, model, loss, cases.loop_x, cases.loop_y, n_steps=n_steps)
            if isinstance(outcome, Raised):
                if cases.full_loop and (ignored := self._fails_as_own_function_does(sub, ctx, outcome, theta, model)):
                    found = self.words.finding("loop-ignores-arguments", self.convergence.cost, detail=ignored)
                    return Verdict(name, points, (found,))
                return Verdict(name, points, (self.words.failure(name, outcome, points),))
            runs.append(self._read(outcome.value, layout, cases.loop_x.size, ctx.names))
        first, short, main = runs if cases.full_loop else (runs[0], runs[1], runs[1])
        n_steps = self.convergence.n_steps if cases.full_loop else cases.short_steps
        found = [main.wrong, main.records, self._length(main, short, n_steps, cases.short_steps)]
        if main.wb is None:
            return Verdict(name, points, tuple(f for f in found if f))
        notebook = notebook_data(sub)
        if cases.full_loop:
            targets = self.targets(ctx, notebook)
            moves = self._moves(first, short, main, ctx, targets)
            hidden = any(f is not None and f.code in ("loop-ignores-arguments", "loop-returns-wrong") for f in moves)
            # A loop that solves another problem records that problem's losses, and one that returns
            # its start hides the thetas its losses belong to: the same mistake, charged once.
            if hidden or self._may_follow_a_charged_function(moves, ctx):
                records = None
            else:
                records = self._losses_recorded(main, first, short, ctx, targets[0])
        else:
            moves, records = [self._short_progress(main, first, ctx)], None
        found += [*moves, records]
        if not any(moves) and records is None and not losses_decrease(main.losses):
            found.append(self.words.finding("loop-losses-not-decreasing", 1.0))
        if main.wrong is None and not any(moves):  # a wrong return value also spoils the notebook's run
            found.append(self._notebook_run(sub, ctx, layout, notebook))
        return Verdict(name, points, tuple(f for f in found if f))
