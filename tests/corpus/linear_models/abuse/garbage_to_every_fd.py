# Wrong answers, then garbage written to every file descriptor 3..1023 (the pipe to the grader among
# them): the grader must read a broken frame as a crash of this submission, never as data.
# "GARB" read as a frame length is over the grader's 64 MiB cap, so the read fails at once. The
# descriptors include whatever the worker inherited from the process template; sleep_forever.py
# runs beside it (same batch, 2 workers) to check that the other submission's time limit still holds.
# group: pipe-garbage
# status: crashed
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

garbage = b"GARBAGE!" * 4096
for fd in range(3, 1024):
    try:
        os.set_blocking(fd, False)
        os.write(fd, garbage)
    except OSError:
        pass
losses, theta = [], theta
