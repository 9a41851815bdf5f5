# Wrong answers, plus memory that escapes the worker: System V shared memory segments (the worker
# has no IPC namespace of its own) are created, filled and detached one at a time, so the address-
# space limit (3 GiB in the test) never sees more than one; four of 800 MiB (3.2 GiB, more than the
# limit) stay allocated on the machine after the worker is gone unless the sandbox isolates IPC.
# The test looks for segments owned by the worker uids (and removes them).
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
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
size = 800 * 2**20
for _ in range(4):
    segment = libc.shmget(0, ctypes.c_size_t(size), 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
    if segment < 0:
        break
    address = libc.shmat(segment, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(address, 1, size)
    libc.shmdt(ctypes.c_void_p(address))
losses, theta = [], theta
