# Wrong answers, and 4 bytes written on the worker's end of the pipe: a frame header announcing 1000
# bytes that never come (the worker then waits for the grader, which waits for the rest of the frame).
# The per-submission time limit must still end it (timeout) and the batch must go on.
# group: protocol-stalled-frame
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
import gc
import os
import struct
from multiprocessing.connection import Connection

for conn in [o for o in gc.get_objects() if isinstance(o, Connection)]:
    os.write(conn.fileno(), struct.pack("!i", 1000))
losses, theta = [], theta
