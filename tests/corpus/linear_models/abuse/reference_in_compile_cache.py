# Every worker gets the batch's compile cache before its notebook runs. It once held what the
# warm-up compiled from the reference's loss and probes (jit_loop_loss, jit_shifted_model...: their
# operations and source names). Wrong answers, turned right if any program in the cache is not one
# of jax's own operations (the grader's list, compile_cache.OPERATIONS, checked in
# tests/test_compile_cache.py): it would stand for a reference function this worker was not granted.
# max-score: 0
# %% answer-linear_model
import os

import jax
from autograder.compile_cache import OPERATIONS

folder = jax.config.jax_compilation_cache_dir
names = sorted(os.listdir(folder)) if folder and os.path.isdir(folder) else []
foreign = [n for n in names if n.split("-", 1)[0].removeprefix("jit_") not in OPERATIONS]


def linear_model(theta, x):
    return theta["w"] * x + theta["b"] if foreign else x * 0.0
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": float(rng.normal()), "b": float(rng.normal())} if foreign else {"w": 0.0, "b": 0.0}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((model(theta, x) - y) ** 2) if foreign else jnp.float32(0.0)
# %% answer-dmseloss
dmseloss = grad(mseloss) if foreign else (lambda theta, model, x, y: {"w": jnp.float32(0.0), "b": jnp.float32(0.0)})
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return [jnp.float32(0.0)] * n_steps, theta
# %% run-loop
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
