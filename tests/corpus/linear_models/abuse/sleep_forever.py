# Wrong answers, then a cell that sleeps forever (no CPU, so only the wall-clock limit can end it).
# It is graded in the same batch as garbage_to_every_fd.py, which writes to every descriptor the
# worker holds while this one sleeps: the time limit must still stop this submission (timeout).
# group: pipe-garbage
# status: timeout
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
# %% run-loop
import time

while True:
    time.sleep(1)
