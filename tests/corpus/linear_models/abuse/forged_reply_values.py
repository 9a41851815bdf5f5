# Wrong answers, and the worker's LocalSubmission.status patched to reply with an array instead of
# one of "missing", "placeholder", "defined". The grader reads any other reply as "defined" and judges
# the (wrong) answers as usual: no points, and neither the grader nor the batch breaks.
# status: graded
# max-score: 0
# %% answer-linear_model
def linear_model(theta, x):
    return x * 0.0
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0.0, "b": 0.0}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.float32(0.0)
# %% answer-dmseloss
dmseloss = lambda theta, model, x, y: {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return [jnp.float32(0.0)] * n_steps, theta
# %% after:answer-model_optimization_loop
import numpy as np

from autograder.checks.submission import LocalSubmission

LocalSubmission.status = lambda self, name: np.zeros(2)
# %% run-loop
losses, theta = [], theta
