"""JAX reference solutions for "Optimizing Linear Models".

The five exercise functions below are, character for character, the solution cells of
`solutions/linear_models/master.ipynb` (a test compares their syntax trees). Theta is a dict ``{"w": w, "b": b}``.
Randomness comes from explicit generators, never from numpy's global state.
"""

import jax.numpy as jnp
import numpy as np
from jax import grad

#: Seed of the data given in the notebook, and the lesson's true parameters.
NOTEBOOK_SEED = 2026
W_TRUE = 2.0
B_TRUE = 20.0
N_POINTS = 100

#: The generator ``initialize_linear_params`` draws from and its seed (the notebook creates the same one).
INIT_SEED = NOTEBOOK_SEED + 1
rng = np.random.default_rng(INIT_SEED)


def make_data(seed: int = NOTEBOOK_SEED, w: float = W_TRUE, b: float = B_TRUE, n: int = N_POINTS):
    """Return ``(x, y)``: ``x = linspace(-5, 5, n)`` and ``y = w x + b + N(0, 1)`` noise, both float32.

    Shapes: x (n,), y (n,). The notebook's data are ``make_data(NOTEBOOK_SEED)``.
    """
    noise = np.random.default_rng(seed).normal(size=n).astype(np.float32)
    x = jnp.linspace(-5, 5, n, dtype=jnp.float32)
    y = w * x + b + noise
    return x, y.astype(jnp.float32)


def linear_model(theta, x):
    return theta["w"] * x + theta["b"]


def initialize_linear_params():
    w, b = rng.normal(size=2).astype(np.float32)
    return {"w": w, "b": b}


def mseloss(theta, model, x, y):
    y_est = model(theta, x)
    return jnp.mean((y - y_est) ** 2)


dmseloss = grad(mseloss)


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
