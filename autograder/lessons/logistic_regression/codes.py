"""The logistic-regression lesson's diagnostic codes and the student-facing sentence for each.

The common codes (``checks.codes``) plus the lesson's own; its checks, and the generic question checks
it builds on (``checks.*_check``), word every finding from here.
"""

from ...checks import codes
from ...checks.context import Roles
from ...checks.wording import Words, how_to_define

MESSAGES: dict[str, str] = {
    **codes.MESSAGES,
    # logistic_model
    "model-missing-sigmoid": "`logistic_model` returns w * x + b itself: pass it through the sigmoid, 1 / (1 + exp(-(w * x + b))), so that it returns probabilities.",
    "model-missing-bias": "`logistic_model` ignores the bias: the prediction should be sigmoid(w * x + b), not sigmoid(w * x).",
    "model-w-b-swapped": "`logistic_model` uses the parameter named `b` as the slope and `w` as the intercept: swap them.",
    "model-wrong-shape": "`logistic_model` should return one probability per x value (same shape as x); got shape {got}.",
    "model-wrong-value": "`logistic_model` does not return sigmoid(w * x + b) for the parameters it is given.",
    # initialize_logistic_params
    "init-not-random": "`initialize_logistic_params` should draw random starting values (for example from a normal distribution), not constants.",
    "init-incompatible": "`initialize_logistic_params` should return two float parameters, w and b, in a form your `logistic_model` accepts: {detail}.",
    "init-non-finite": "`initialize_logistic_params` returned NaN or infinite values.",
    # logistic_loss
    "loss-log-of-zero": "`logistic_loss` returns inf or NaN where the model is confident (probabilities of exactly 0 or 1 in float32): the log of 0 is -inf. Keep the probabilities away from 0 and 1 before taking logs.",
    "loss-labels-flipped": "`logistic_loss` pairs log(p) with the examples labelled 0 and log(1 - p) with those labelled 1: it should be y * log(p) + (1 - y) * log(1 - p).",
    "loss-sum-not-mean": "`logistic_loss` sums the cross-entropy of the examples: take their mean instead.",
    "loss-wrong-sign": "`logistic_loss` has the wrong sign: the cross-entropy is minus the mean of y * log(p) + (1 - y) * log(1 - p), a positive number.",
    "loss-scaled": "`logistic_loss` is {factor:.3g} times the mean binary cross-entropy: take the plain mean over the examples, with the natural logarithm and no other factor.",
    "loss-not-scalar": "`logistic_loss` should return a single number (a 0-d array); got shape {got}.",
    "loss-ignores-model": "`logistic_loss` ignores its `model` argument: compute the probabilities with `model(theta, x)`.",
    "loss-wrong-value": "`logistic_loss` does not compute the mean binary cross-entropy of model(theta, x) against the labels y.",
    "loss-ignores-data": "`logistic_loss` ignores its `{arg}` argument and uses the notebook's global `{arg}`: compute the loss from the arguments it is given.",
    # dlogistic_loss
    "grad-wrong-argument": "`dlogistic_loss` differentiates with respect to the wrong argument: `grad` differentiates the first argument (theta) by default.",
    "grad-sign": "`dlogistic_loss` has the wrong sign: it points uphill instead of along the gradient.",
    "grad-scale": "`dlogistic_loss` has the right direction but the wrong size (about {factor:.3g} times the true gradient).",
    "grad-structure": "`dlogistic_loss` should return the gradient in the same structure as theta ({expected}); got {got}.",
    "grad-through-numpy": "`dlogistic_loss` cannot differentiate `logistic_loss`: use `jax.numpy` (jnp), not plain numpy, inside the loss and model.",
    "grad-inaccurate": "`dlogistic_loss` is close to the gradient but not accurate enough: use `jax.grad` rather than an approximation.",
    "grad-wrong-value": "`dlogistic_loss` does not return the gradient of the loss with respect to theta.",
    # logistic_optimization_loop
    "loop-no-update": "`logistic_optimization_loop` never changes theta: update the parameters with the gradient at every step.",
    "loop-ascent": "`logistic_optimization_loop` makes the loss go up: step against the gradient (theta - step * grad).",
    "loop-diverges": "`logistic_optimization_loop` overshoots (the loss goes up or becomes NaN): use a smaller step size.",
    "loop-not-converged": "`logistic_optimization_loop` does not get close enough to the best fit in n_steps steps: check the step size and the update.",
    "loop-losses-length": "`logistic_optimization_loop` should record one loss per step ({expected} for n_steps={expected}); got {got}.",
    "loop-ignores-arguments": "`logistic_optimization_loop` does not use the arguments it is given ({detail}): use theta, model, loss, x, y and n_steps from its parameters.",
    "loop-returns-wrong": "`logistic_optimization_loop` should return `(losses, theta)`: {detail}.",
    "loop-losses-not-decreasing": "`logistic_optimization_loop` records losses that do not go down over the run: record loss(theta, ...) at every step.",
    "loop-gradient-once": "`logistic_optimization_loop` takes every step with the gradient at the starting theta: compute grad(loss)(theta, model, x, y) again at the current theta in every step.",
    "loop-not-gradient-descent": "`logistic_optimization_loop` does not step along the gradient: each step should move theta against the gradient of the given loss, theta - step_size * grad(loss)(theta, model, x, y).",
    "loop-losses-wrong": "`logistic_optimization_loop` records losses that are not the loss of the thetas it visits: at every step, record loss(theta, model, x, y) with the loss, model and data it is given.",
    "loop-records-not-loss": "`logistic_optimization_loop` records {got} at each step instead of the loss: append loss(theta, model, x, y), a single number, to losses at every step.",
    "notebook-theta-off": "After your notebook's own run, theta is w = {w:.4g}, b = {b:.4g}: it should end near the best fit of your notebook's x and y, w = {best_w:.4g}, b = {best_b:.4g}.",
}

ROLES = Roles(
    model="logistic_model",
    init="initialize_logistic_params",
    loss="logistic_loss",
    grad="dlogistic_loss",
    loop="logistic_optimization_loop",
)
"""The lesson's functions, by the part each plays (the names its messages use)."""

WORDS = Words(MESSAGES, how_to_define(ROLES, n_steps=200))
finding = WORDS.finding
failure = WORDS.failure
