"""The inputs the checks use: fixed public ones, or hidden ones drawn from a seed.

Hidden inputs never leave the trusted side except as arguments of a call into the submission,
and no message ever prints them. The notebook's own data are passed in by the caller (they come
from the reference's data maker), so this module needs no reference.
"""

import numpy as np

from ...checks.cases import Cases, public_loop
from ...checks.hidden_data import draw_size, like_notebook_x
from ...checks.hidden_data import f32 as _f32
from ...checks.numerics import least_squares_line

PUBLIC_SEED = 7
N_STEPS = 3000
CONVERGENCE_TOLERANCE = 0.25
"""Largest RMS gap between the fitted and the least-squares line (see ``numerics.line_distance``).

The published loop (step 0.001, 3000 steps) leaves the intercept about 0.25% of its starting gap
short (about 0.05 on the lesson's data, under 0.07 on hidden data, whose start is at most 10 from
the best intercept); a loop 10x too slow leaves it about half way. 0.25 passes the first with a 3x
margin and fails the second by far."""

LOOP_MODEL_SHIFT = 15.0
LOOP_LOSS_SHIFT = 30.0
"""The hidden loop check passes a model ``w x + b + 15`` and a loss whose targets are ``y + 30``.

Their curvature is the plain line's, so every stable step size stays stable, but the optimum the
loop must reach is the least-squares line of ``(x, y)`` raised by 30 - 15 = 15. A loop that ignores
its model argument ends 30 above that line, one that ignores its loss argument -15, one that
ignores both 0: four ends 15 or more apart, so which argument was ignored is told from where the
loop ends and from the direction of its first step."""


def public_cases(notebook_x: np.ndarray, notebook_y: np.ndarray) -> Cases:
    """Fixed inputs shown to students: simple numbers they can reproduce by hand."""
    x = _f32(np.linspace(-2, 2, 5))
    y = _f32([1.0, -1.5, 2.0, 0.5, 3.0])
    return Cases(
        points=((3.0, -7.0), (0.3, 0.5)),
        x=x,
        y=y,
        **public_loop(notebook_x, notebook_y),
    )


LOOP_START = (1.5, 8.0)
"""How far the hidden loop starts from its optimum along the stiff (slope) and the flat (intercept)
direction of the loss's curvature, with random signs.

The curvature is the notebook's for every seed (see ``hidden_cases``), so a loop with step s leaves
the same gap after n steps whoever submits it: the published loop (step 0.001, 3000 steps) leaves
8 * (1 - 0.002)^3000 = 0.02 of the intercept's gap (the tolerance is 0.25); a loop 10x too slow
leaves more than half of it. Off the axes of the curvature (about 8.5:1), a step along the gradient
and a jump straight to the optimum point in clearly different directions."""


def _noise_off_the_line(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Unit normal noise with its projection on ``[x, 1]`` removed: the best line is the drawn one."""
    design = np.stack([np.asarray(x, dtype=np.float64), np.ones(x.size)], axis=1)
    noise = rng.normal(size=x.size)
    return noise - design @ np.linalg.lstsq(design, noise, rcond=None)[0]


def hidden_cases(seed: int, notebook_x: np.ndarray, notebook_y: np.ndarray) -> Cases:
    """Inputs drawn from ``seed``: data of a line whose w and b differ from the lesson's 2 and 20.

    What decides a loop's verdict is the same for every seed: the x values have the notebook x's
    mean and mean square, so the loss has the notebook's curvature (a step size stable there is
    stable here, and no other is); the noise is orthogonal to ``[x, 1]``, so the least-squares
    line is the drawn one; and the loop starts at fixed distances from its optimum along the
    curvature's axes (``LOOP_START``). Sizes vary (``hidden_data.HIDDEN_SIZES``). Slope and intercept are kept
    away from (2, 20) so that a loop that ignores its ``x``/``y`` arguments and fits the notebook's
    data is told apart from one that fits what it was given.
    """
    rng = np.random.default_rng(seed)

    def line_data() -> tuple[np.ndarray, np.ndarray]:
        w, b = rng.uniform(-3.0, 1.0), rng.uniform(-20.0, 10.0)
        x = like_notebook_x(rng, draw_size(rng), notebook_x)
        return x, _f32(w * x.astype(np.float64) + b + _noise_off_the_line(rng, x))

    x, y = line_data()
    loop_x, loop_y = line_data()
    points = tuple((float(np.float32(w)), float(np.float32(b))) for w, b in rng.normal(0.0, 3.0, size=(3, 2)))
    best = least_squares_line(loop_x, loop_y + (LOOP_LOSS_SHIFT - LOOP_MODEL_SHIFT))
    design = np.stack([loop_x.astype(np.float64), np.ones(loop_x.size)], axis=1)
    _, axes = np.linalg.eigh(design.T @ design)  # columns: the flat, then the stiff direction
    signs = rng.choice([-1.0, 1.0], size=2)
    w0, b0 = np.add(best, axes @ (signs * np.array(LOOP_START[::-1])))
    return Cases(
        points=points,
        x=x,
        y=y,
        loop_x=loop_x,
        loop_y=loop_y,
        loop_init=(float(np.float32(w0)), float(np.float32(b0))),
        short_steps=int(rng.integers(3, 12)),
        notebook_x=_f32(notebook_x),
        notebook_y=_f32(notebook_y),
        hidden=True,
        full_loop=True,
    )
