"""The linear-regression lesson's diagnostic codes and the student-facing sentence for each.

The common codes (``checks.codes``) plus the lesson's own; its checks word every finding from here.
"""

from ...checks import codes
from ...checks.context import Roles
from ...checks.wording import Words, how_to_define

MESSAGES: dict[str, str] = {
    **codes.MESSAGES,
    # linear_model
    "model-missing-bias": "`linear_model` ignores the bias: the prediction should be w * x + b, not just w * x.",
    "model-w-b-swapped": "`linear_model` uses the parameter named `b` as the slope and `w` as the intercept: swap them.",
    "model-wrong-shape": "`linear_model` should return one prediction per x value (same shape as x); got shape {got}.",
    "model-wrong-value": "`linear_model` does not return w * x + b for the parameters it is given.",
    # initialize_linear_params
    "init-not-random": "`initialize_linear_params` should draw random starting values (for example from a normal distribution), not constants.",
    "init-incompatible": "`initialize_linear_params` should return two float parameters, w and b, in a form your `linear_model` accepts: {detail}.",
    "init-non-finite": "`initialize_linear_params` returned NaN or infinite values.",
    # mseloss
    "loss-sum-not-mean": "`mseloss` sums the squared errors: take their mean instead.",
    "loss-not-squared": "`mseloss` does not square each error before averaging.",
    "loss-rmse": "`mseloss` takes a square root: the mean squared error has none.",
    "loss-scaled": "`mseloss` is {factor:.3g} times the mean squared error: take the plain mean of the squared errors (divide their sum by the number of points), with no other factor.",
    "loss-not-scalar": "`mseloss` should return a single number (a 0-d array); got shape {got}.",
    "loss-ignores-model": "`mseloss` ignores its `model` argument: compute the predictions with `model(theta, x)`.",
    "loss-wrong-value": "`mseloss` does not compute the mean of the squared differences between model(theta, x) and y.",
    "loss-ignores-data": "`mseloss` ignores its `{arg}` argument and uses the notebook's global `{arg}`: compute the loss from the arguments it is given.",
    # dmseloss
    "grad-wrong-argument": "`dmseloss` differentiates with respect to the wrong argument: `grad` differentiates the first argument (theta) by default.",
    "grad-sign": "`dmseloss` has the wrong sign: it points uphill instead of along the gradient.",
    "grad-scale": "`dmseloss` has the right direction but the wrong size (about {factor:.3g} times the true gradient).",
    "grad-structure": "`dmseloss` should return the gradient in the same structure as theta ({expected}); got {got}.",
    "grad-through-numpy": "`dmseloss` cannot differentiate `mseloss`: use `jax.numpy` (jnp), not plain numpy, inside the loss and model.",
    "grad-inaccurate": "`dmseloss` is close to the gradient but not accurate enough: use `jax.grad` rather than an approximation.",
    "grad-wrong-value": "`dmseloss` does not return the gradient of the loss with respect to theta.",
    # model_optimization_loop
    "loop-no-update": "`model_optimization_loop` never changes theta: update the parameters with the gradient at every step.",
    "loop-ascent": "`model_optimization_loop` makes the loss go up: step against the gradient (theta - step * grad).",
    "loop-diverges": "`model_optimization_loop` diverges (the loss becomes huge or NaN): use a smaller step size.",
    "loop-not-converged": "`model_optimization_loop` does not get close enough to the best fit in n_steps steps: check the step size and the update.",
    "loop-losses-length": "`model_optimization_loop` should record one loss per step ({expected} for n_steps={expected}); got {got}.",
    "loop-ignores-arguments": "`model_optimization_loop` does not use the arguments it is given ({detail}): use theta, model, loss, x, y and n_steps from its parameters.",
    "loop-returns-wrong": "`model_optimization_loop` should return `(losses, theta)`: {detail}.",
    "loop-losses-not-decreasing": "`model_optimization_loop` records losses that do not go down over the run: record loss(theta, ...) at every step.",
    "loop-gradient-once": "`model_optimization_loop` takes every step with the gradient at the starting theta: compute grad(loss)(theta, model, x, y) again at the current theta in every step.",
    "loop-not-gradient-descent": "`model_optimization_loop` does not step along the gradient: each step should move theta against the gradient of the given loss, theta - step_size * grad(loss)(theta, model, x, y).",
    "loop-losses-wrong": "`model_optimization_loop` records losses that are not the loss of the thetas it visits: at every step, record loss(theta, model, x, y) with the loss, model and data it is given.",
    "loop-records-not-loss": "`model_optimization_loop` records {got} at each step instead of the loss: append loss(theta, model, x, y), a single number, to losses at every step.",
    "notebook-theta-off": "After your notebook's own run, theta is w = {w:.4g}, b = {b:.4g}: it should end near the best fit of your notebook's x and y, w = {best_w:.4g}, b = {best_b:.4g}.",
}

ROLES = Roles(
    model="linear_model",
    init="initialize_linear_params",
    loss="mseloss",
    grad="dmseloss",
    loop="model_optimization_loop",
)
"""The lesson's functions, by the part each plays (the names its messages use)."""

WORDS = Words(MESSAGES, how_to_define(ROLES, n_steps=3000))
finding = WORDS.finding
failure = WORDS.failure
