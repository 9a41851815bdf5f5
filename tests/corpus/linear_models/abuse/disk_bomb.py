# Reference answers, plus a cell that tries to write 2 GB to one file in the scratch folder and one in
# /tmp, then fills them with 60 MB files until the disk says no. The per-file limit (64 MiB, EFBIG,
# SIGXFSZ ignored) and the private 256 MiB tmpfs stop the writes with an OSError; everything else is
# graded as usual.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:answer-linear_model
import os

chunk = b"\0" * (16 * 2**20)
errors = []
for path in ("bomb.bin", "/tmp/bomb.bin", "/dev/shm/bomb.bin"):
    try:
        with open(path, "wb") as handle:
            for _ in range(128):  # 2 GiB
                handle.write(chunk)
    except OSError as error:
        errors.append(error.errno)
for index in range(64):
    try:
        with open(f"fill-{index}.bin", "wb") as handle:
            for _ in range(4):
                handle.write(chunk[: 15 * 2**20])
    except OSError as error:
        errors.append(error.errno)
        break
if not errors:  # the bomb went through: make it visible in the score
    del linear_model
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
