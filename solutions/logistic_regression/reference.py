"""JAX reference solutions for "Logistic Regression with JAX".

The five exercise functions below are, character for character, the solution cells of
`solutions/logistic_regression/master.ipynb` (a test compares their syntax trees). Theta is a dict
``{"w": w, "b": b}``. Randomness comes from explicit generators, never from numpy's global state.

Each exercise function uses only ``jax``, ``jnp``, ``np`` and ``grad``: the grading engine hands a
function's source, alone, to the process that runs a submission (see ``spec.Question.needs``).
"""

import jax
import jax.numpy as jnp
import numpy as np
from jax import grad

#: Seed of the data given in the notebook, and the lesson's true parameters.
NOTEBOOK_SEED = 2026
W_TRUE = 2.0
B_TRUE = -1.0
N_POINTS = 100

#: The generator ``initialize_logistic_params`` draws from and its seed (the notebook creates the same one).
INIT_SEED = NOTEBOOK_SEED + 1
rng = np.random.default_rng(INIT_SEED)


def make_data(seed: int = NOTEBOOK_SEED, w: float = W_TRUE, b: float = B_TRUE, n: int = N_POINTS):
    """Return ``(x, y)``: ``x = linspace(-3, 3, n)`` and labels ``y`` in {0, 1}, each 1 with probability
    ``sigmoid(w x + b)`` (drawn from a generator seeded with ``seed``), both float32, shapes (n,).

    The notebook's data are ``make_data(NOTEBOOK_SEED)``.
    """
    x = jnp.linspace(-3, 3, n, dtype=jnp.float32)
    p = 1 / (1 + np.exp(-(w * np.asarray(x, dtype=np.float64) + b)))
    y = jnp.asarray(np.random.default_rng(seed).uniform(size=n) < p, dtype=jnp.float32)
    return x, y


def logistic_model(theta, x):
    return jax.nn.sigmoid(theta["w"] * x + theta["b"])


def initialize_logistic_params():
    w, b = rng.normal(size=2).astype(np.float32)
    return {"w": w, "b": b}


def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return -jnp.mean(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))


dlogistic_loss = grad(logistic_loss)


def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
