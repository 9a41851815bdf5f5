"""The logistic lesson's check inputs: public ones, fixed and shown to students, and hidden ones drawn
from a seed (passed into the submission only as call arguments, never printed). The notebook's data
come in from the caller (the reference's data maker): nothing here needs the reference.
"""

from dataclasses import dataclass

import numpy as np

from ...checks import cases
from ...checks.cases import public_loop
from ...checks.hidden_data import draw_size, like_notebook_x
from ...checks.hidden_data import f32 as _f32
from ...checks.loop_check import along
from . import fit
from .problems import problems

N_STEPS = 200
STEP_SIZE = 2.0
"""The published loop's length and step (``solutions/logistic_regression/reference.py``)."""
CONVERGENCE_TOLERANCE = 0.01
"""Largest ``fit.gap`` between the loop's end and the optimum (about: the square root of twice the excess loss).

On hidden data (starts about 0.5 from the optimum, see ``LOOP_START``) the published loop ends at most
4e-5 away (float64 updates over 300 seeds; the float32 reference itself, 3e-5 over 12), 250 times inside
the tolerance; a loop with half its step at most 0.006; a loop 10 times too slow (step 0.2) at least
0.024 away, 2.4 times outside it (tests/test_logistic_regression.py checks 150 seeds). On the lesson's
data, from starts drawn as the notebook draws them, the published loop ends within 1e-6."""

LOOP_MODEL_SHIFT = 1.0
"""The hidden loop check passes a model ``sigmoid(w x + b + 1)`` and a loss that compares the predictions
with ``1 - y``: the loss it is given is the cross-entropy of flipped labels, whose optimum is
``-(w*, b*)`` for the optimum ``(w*, b*)`` of the labels given, shifted by -1 in b by the model.

Neither changes the curvature at the optimum (flipping the labels mirrors the problem), so every step
size stable on the plain problem is stable on the given one, but the optimum the loop must reach is
neither the plain problem's nor that of a loop that ignores its model argument (1 away in b), its loss
argument (the mirror image) or both: where the loop ends, and the direction of its first step, tell
which argument it ignored."""
FIRST_STEP_RTOL = 0.02
"""How far a loop's first step may lie from the nearest multiple of a gradient, relative to its length.

On hidden inputs a float32 gradient step of size 0.2 to 4 lies within 1e-5 of it; the loop starts where
a jump straight to the optimum, and a step along the gradient of the loss a loop that ignores its model
or loss argument follows, are off by ``DISTINCT`` or more (``_start``). The gradient on the notebook's
data may point the same way: a loop that uses the notebook's data is told by where it ends."""
DISTINCT = 5 * FIRST_STEP_RTOL
SHIFTED_MODEL_SHIFT = 1.0
"""The loss is also called with a model ``sigmoid(w x + b + 1)`` to see whether it uses its model argument."""


@dataclass(frozen=True)
class Cases(cases.Cases):
    """The common inputs (``checks.cases``), with ``points`` whose predictions on ``x`` are all between 0.005
    and 0.995 (no clipping of the loss's log changes their values) and ``y`` in {0, 1}; and ``confident``, a
    (w, b) whose predictions are exactly 0 or 1 in float32 at the ends of ``x``, where ``y`` disagrees with
    them (a loss that takes the log of a prediction unclipped is infinite or NaN there, the reference finite)."""

    confident: tuple[float, float]


def public_cases(notebook_x: np.ndarray, notebook_y: np.ndarray) -> Cases:
    """Fixed inputs shown to students: simple numbers they can reproduce by hand."""
    return Cases(
        points=((2.0, -1.0), (-0.5, 0.3)),
        confident=(100.0, 0.0),
        x=_f32(np.linspace(-2, 2, 5)),
        y=_f32([1.0, 1.0, 0.0, 1.0, 0.0]),
        **public_loop(notebook_x, notebook_y),
    )


LOOP_START = (1.0, 2.0)
"""How far the hidden loop starts from its optimum along the stiff and the flat direction of the
loss's curvature there, with random signs (about 0.5 in ``fit.gap``)."""
CURVATURE_BAND = (0.7, 1 / 0.7)
"""Hidden loop data are redrawn until both curvatures at their optimum are within these factors of the
notebook's: a loop with step s closes about the same share of the gap after n steps whoever submits it."""


def _value_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """x in [-2, 2] with both ends present, random labels, 1 at the left end and 0 at the right (where a
    confident positive slope predicts 0 and 1: both logs of a naive loss meet a prediction of 0)."""
    n = draw_size(rng)
    x = _f32(np.sort(np.concatenate([[-2.0, 2.0], rng.uniform(-2.0, 2.0, size=n - 2)])))
    y = rng.integers(0, 2, size=n).astype(np.float32)
    y[0], y[-1] = 1.0, 0.0
    return x, y


def _start(
    rng: np.random.Generator, x: np.ndarray, labels: np.ndarray, best: tuple[float, float]
) -> tuple[float, float] | None:
    """Where the loop on ``(x, 1 - labels)`` starts: ``LOOP_START`` from the given problem's optimum along
    its curvature's axes, with the first signs (in a random order) from which a gradient step is told
    apart from a jump to the optimum and from a step of a loop that ignores its model or loss (see
    ``FIRST_STEP_RTOL``); None when no signs do."""
    given, *others = problems({(): (x, 1 - labels)}, LOOP_MODEL_SHIFT, flip=True)
    _, axes = np.linalg.eigh(fit.curvature(np.array(best), x))  # columns: the flat, then the stiff direction
    for signs in rng.permutation([(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)]):
        start = np.array(given.best()) + axes @ (signs * np.array(LOOP_START[::-1]))
        gradient = given.float64_gradient(start)
        offs = [along(np.subtract(given.best(), start), gradient)[1]]
        offs += [along(-gradient, other.float64_gradient(start))[1] for other in others]
        if min(offs) >= DISTINCT:
            return float(np.float32(start[0])), float(np.float32(start[1]))
    return None


def _loop_data(
    rng: np.random.Generator, notebook_x: np.ndarray, notebook_y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """Hidden loop data ``(x, labels)`` with the notebook's curvature (``CURVATURE_BAND``), and the loop's
    start (``_start``). Labels come from a true slope in [1.5, 2.5] and intercept in [0.5, 2]: the optimum
    of the problem the loop is given (the labels flipped, see ``LOOP_MODEL_SHIFT``) is then far from that
    of any loop that ignores an argument or uses the notebook's data (slope 2, intercept -1)."""
    notebook = fit.optimum(notebook_x, notebook_y)
    if notebook is None:
        raise ValueError("the notebook's data have no logistic fit: the lesson's data maker is broken")
    target = np.linalg.eigvalsh(fit.curvature(np.array(notebook), notebook_x))
    while True:
        x = like_notebook_x(rng, draw_size(rng), notebook_x)
        w, b = rng.uniform(1.5, 2.5), rng.uniform(0.5, 2.0)
        labels = _f32(rng.uniform(size=x.size) < fit.sigmoid(w * x.astype(np.float64) + b))
        best = fit.optimum(x, labels)
        if best is None:
            continue
        ratio = np.linalg.eigvalsh(fit.curvature(np.array(best), x)) / target
        if not np.all((ratio >= CURVATURE_BAND[0]) & (ratio <= CURVATURE_BAND[1])):
            continue
        start = _start(rng, x, labels, best)
        if start is not None:
            return x, labels, start


def hidden_cases(seed: int, notebook_x: np.ndarray, notebook_y: np.ndarray) -> Cases:
    """Inputs drawn from ``seed``.

    What decides a loop's verdict is about the same for every seed: the loop's x values have the
    notebook x's mean and mean square and its labels give the notebook's curvature at the optimum
    (``CURVATURE_BAND``), so a step size stable there is stable here; and the loop starts at fixed
    distances from its optimum along the curvature's axes (``LOOP_START``). Sizes vary
    (``hidden_data.HIDDEN_SIZES``).
    """
    rng = np.random.default_rng(seed)
    x, y = _value_data(rng)
    signs = rng.choice([-1.0, 1.0], size=(3, 2))
    sizes = np.stack([rng.uniform(0.3, 1.5, size=3), rng.uniform(0.2, 1.5, size=3)], axis=1)
    points = tuple((float(np.float32(w)), float(np.float32(b))) for w, b in signs * sizes)
    confident = (float(np.float32(rng.uniform(80.0, 120.0))), float(np.float32(rng.uniform(-5.0, 5.0))))
    loop_x, labels, loop_init = _loop_data(rng, notebook_x, notebook_y)
    return Cases(
        points=points,
        confident=confident,
        x=x,
        y=y,
        loop_x=loop_x,
        loop_y=_f32(1.0 - labels),
        loop_init=loop_init,
        short_steps=int(rng.integers(3, 12)),
        notebook_x=_f32(notebook_x),
        notebook_y=_f32(notebook_y),
        hidden=True,
        full_loop=True,
    )
