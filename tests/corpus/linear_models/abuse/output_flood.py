# Reference answers, plus a flood of output: 10**7 short lines in one write, a million print() calls,
# 3 GiB of raw bytes on fd 1 and fd 2, and thousands of displayed objects. Worker output goes to
# /dev/null, so neither the worker nor the grader buffers any of it, and grading is as usual.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:data
import os
import sys

from IPython.display import display

sys.stdout.write("flood\n" * 10**7)
for i in range(10**6):
    print(i)
block = b"x" * (64 * 2**20)
for fd in (1, 2):
    for _ in range(24):
        os.write(fd, block)
for i in range(2000):
    display({"line": i, "text": "y" * 1000})
del block
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
