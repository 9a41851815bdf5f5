# Wrong answers, then a fork bomb: every process forks until the per-uid process limit stops it, and
# then all of them sleep. The run must end at the time limit, and every forked process must be gone
# afterwards (the PID namespace dies with the worker; the test checks the worker uids). It is graded
# with one worker, before honest_after_fork_bomb.py, which then gets the same worker slot and uid.
# group: slot-reuse
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
import os
import time

try:
    while True:
        os.fork()
except OSError:
    pass
while True:
    time.sleep(60)
