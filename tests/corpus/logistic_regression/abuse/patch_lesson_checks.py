# Wrong answers everywhere, then the lesson's checks, oracle and tolerances patched in the process that
# runs the notebook so that everything would look right: the verdicts are computed on the grader's
# side, so nothing changes and the submission gets no points.
# max-score: 0
# %% answer-logistic_model
def logistic_model(theta, x):
    return x * 0.0
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    return {"w": 0.0, "b": 0.0}
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    return jnp.float32(0.0)
# %% answer-dlogistic_loss
dlogistic_loss = lambda theta, model, x, y: {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200):
    return [jnp.float32(0.0)] * n_steps, theta
# %% after:answer-logistic_optimization_loop
import sys

for name, module in list(sys.modules.items()):
    if name.startswith(("autograder.checks", "autograder.lessons")):
        for attribute in ("close", "at_most"):
            if hasattr(module, attribute):
                setattr(module, attribute, lambda *args, **kwargs: True)
        if hasattr(module, "judge"):
            module.judge = lambda *args, **kwargs: None
# %% run-loop
losses, theta = [], theta
