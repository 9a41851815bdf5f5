# Wrong answers, and a frame forged on the worker's end of the pipe (found with gc), well framed but
# with a JSON header the grader's decoder does not expect ({"map": "..."}). The grader must treat it
# as a protocol violation of this submission (crashed), not fail itself and lose the batch.
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
import gc
import struct
from multiprocessing.connection import Connection

header = b'{"map": "not a mapping"}'
for conn in [o for o in gc.get_objects() if isinstance(o, Connection)]:
    conn.send_bytes(struct.pack("<II", len(header), 0) + header)
losses, theta = [], theta
