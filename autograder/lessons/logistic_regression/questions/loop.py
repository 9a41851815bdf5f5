"""Question ``logistic_optimization_loop``: gradient descent that records one loss per step and returns
``(losses, theta)`` close to the logistic fit (judged by ``checks.loop_check``).

Hidden checks run the loop on hidden data with the reference model and loss, adapted to the student's
theta and changed (``cases.LOOP_MODEL_SHIFT``: the model's logits moved, the loss's labels flipped),
so that their optimum is not the fit of the data: only a loop that follows the gradient of the loss it
is given, through the model it is given, ends there. The loop is run for one step, for a few and for
``cases.N_STEPS``. Optima come from ``fit.optimum`` (float64 Newton steps, no reference).

The notebook's final ``theta`` must also end near the fit of the data the notebook holds (its ``x``
and ``y``: about w = 2, b = -1.3 on the lesson's).
"""

import numpy as np

from ....checks.context import Context
from ....checks.loop_check import Convergence, LoopQuestion
from .. import codes, fit
from ..cases import CONVERGENCE_TOLERANCE, FIRST_STEP_RTOL, LOOP_MODEL_SHIFT, N_STEPS
from ..problems import Target, problems

NAME = "logistic_optimization_loop"
POINTS = 3.0
NEEDS = ("logistic_model", "logistic_loss")
"""Reference functions the probes of this question are built from."""
CONVERGENCE_COST = 2.0
OWN_FUNCTIONS = ("logistic_model", "initialize_logistic_params", "logistic_loss", "dlogistic_loss")
"""What the notebook's own run uses besides the loop: its result is charged only when none was charged."""


def _targets(ctx: Context, notebook: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Target, ...]:
    """The given problem first, then each way of ignoring the model, the loss and the data.

    A loop that ignores its ``x`` and ``y`` fits the globals the notebook holds: ``notebook``, read from
    the submission (``loop_check.notebook_data``); the lesson's data when it holds none with a fit."""
    cases = ctx.cases
    if notebook is None or fit.optimum(*notebook) is None:
        notebook = (cases.notebook_x, cases.notebook_y)
    data = {(): (cases.loop_x, cases.loop_y), ("x", "y"): notebook}
    shift, flip = (LOOP_MODEL_SHIFT, True) if ctx.probes else (0.0, False)
    return tuple(problems(data, shift, flip))


def _notebook_problem(x: np.ndarray, y: np.ndarray) -> Target | None:
    """The plain logistic problem of the notebook's data; None when it has no fit."""
    problem = Target(x, y, 0.0, ())
    return problem if problem.optimum is not None else None


CONVERGENCE = Convergence(N_STEPS, CONVERGENCE_TOLERANCE, CONVERGENCE_COST, FIRST_STEP_RTOL)
judge = LoopQuestion(POINTS, codes, CONVERGENCE, OWN_FUNCTIONS, _targets, _notebook_problem).judge
