# Answers taken from the reference solution itself, should the worker's process template have
# imported it before forking (in sys.modules even though solutions/ is masked on disk), or should the
# lesson's hidden module or reference be importable. A student who writes nothing but this cell
# must not get the reference's marks.
# max-score: 0
# %% answer-linear_model
import sys

found = [m for name, m in list(sys.modules.items()) if name.startswith(("solutions", "lmhidden"))]
reference = next((m for m in found if hasattr(m, "mseloss")), None)
if reference is None:
    from autograder import lessons

    reference = lessons.load("linear_models").reference()
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
