"""Question ``model_optimization_loop``: gradient descent that records one loss per step and
returns ``(losses, theta)`` close to the least-squares line (judged by ``checks.loop_check``).

Hidden checks run the loop on hidden data with the reference model and loss, adapted to the
student's theta and shifted (``cases.LOOP_MODEL_SHIFT``), so that their optimum is not the
least-squares line of the data: only a loop that follows the gradient of the loss it is given,
through the model it is given, ends there. The loop is run for one step, for a few and for 3000.

The notebook's final ``theta`` must also end near the best fit of the data the notebook holds (its
``x`` and ``y``: w close to 2, b close to 20 on the lesson's).
"""

from dataclasses import dataclass

import numpy as np

from ....checks.context import Context
from ....checks.loop_check import Convergence, LoopQuestion, along
from ....checks.numerics import least_squares_line, line_distance
from .. import codes
from ..cases import CONVERGENCE_TOLERANCE, LOOP_LOSS_SHIFT, LOOP_MODEL_SHIFT, N_STEPS
from ..oracle import Oracle

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
_along = along  # the name tests/test_questions.py reads


@dataclass(frozen=True)
class Target:
    """A least-squares problem a loop may be solving (a ``loop_check.Problem``): the loss it is given
    through the model it is given on its data (``ignored`` empty), or what a loop that uses the
    notebook's own model, loss or data instead minimises (``ignored`` names the arguments it ignores)."""

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

    def gap(self, wb: tuple[float, float]) -> float:
        """The RMS gap between the line ``wb`` and the best line (see ``numerics.line_distance``)."""
        return line_distance(self.x, *wb, *self.best())


def _targets(ctx: Context, notebook: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Target, ...]:
    """The given problem first, then each way of ignoring the model, the loss and the data.

    A loop that ignores its ``x`` and ``y`` fits the globals the notebook holds: ``notebook``, read
    from the submission (``loop_check.notebook_data``); the lesson's data when it holds none usable."""
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


def _notebook_problem(x: np.ndarray, y: np.ndarray) -> Target:
    """The plain least-squares problem of the notebook's data (its best line always exists)."""
    return Target(x, y, 0.0, 0.0, ())


CONVERGENCE = Convergence(N_STEPS, CONVERGENCE_TOLERANCE, CONVERGENCE_COST, FIRST_STEP_RTOL)
judge = LoopQuestion(POINTS, codes, CONVERGENCE, OWN_FUNCTIONS, _targets, _notebook_problem).judge
