# Wrong answers, then os._exit(0) in a cell: the worker process ends without a word to the grader,
# which must report a crash (no points), not hang or take the exit status 0 for success.
# status: crashed
# max-score: 0
# passes: accelerated
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
# %% run-loop
import os

os._exit(0)
