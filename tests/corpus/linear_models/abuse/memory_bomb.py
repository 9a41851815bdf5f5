# Reference answers, plus a cell that tries to allocate far more than the 3 GiB address-space limit
# (one 8 GiB bytearray, then 256 MiB blocks until it fails). The allocation raises MemoryError in the
# worker: the status is memory-limit and every other cell is graded as usual.
# status: memory-limit
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:data
blocks = []
try:
    huge = bytearray(8 * 2**30)
finally:
    try:
        while True:
            blocks.append(bytearray(256 * 2**20))
    except MemoryError:
        del blocks
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
