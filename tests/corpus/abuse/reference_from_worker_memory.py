# Answers taken from the reference solution itself: the worker's process template imported
# autograder.reference, hence solutions.linear_regression, before forking, so the module is in
# sys.modules even though solutions/ is masked on disk. A student who writes nothing but this cell
# must not get the reference's marks.
# max-score: 0
# %% answer-linear_model
import sys

reference = sys.modules.get("solutions.linear_regression")
if reference is None:
    from autograder.reference import REFERENCE as reference
linear_model = reference.linear_model
initialize_linear_params = reference.initialize_linear_params
mseloss = reference.mseloss
dmseloss = reference.dmseloss
model_optimization_loop = reference.model_optimization_loop
# %% answer-initialize_linear_params
pass
# %% answer-mseloss
pass
# %% answer-dmseloss
pass
# %% answer-model_optimization_loop
pass
# %% run-loop
import jax


@jax.jit
def fast_step(theta):
    grads = dmseloss(theta, linear_model, x, y)
    theta = {k: theta[k] - 0.001 * grads[k] for k in theta}
    return theta, mseloss(theta, linear_model, x, y)


losses = []
for _ in range(3000):
    theta, value = fast_step(theta)
    losses.append(value)
