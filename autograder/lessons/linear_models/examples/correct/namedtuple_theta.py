# Theta is a namedtuple Params(w, b) defined in the model cell; the loop updates it with
# jax.tree_util.tree_map, so any pytree works.
# expect: full
# passes: accelerated
# %% answer-linear_model
from collections import namedtuple

Params = namedtuple("Params", ["w", "b"])


def linear_model(theta, x):
    return theta.w * x + theta.b
# %% answer-initialize_linear_params
def initialize_linear_params():
    w, b = rng.normal(size=2).astype(np.float32)
    return Params(w=w, b=b)
# %% answer-mseloss
def mseloss(theta, model, x, y):
    residual = model(theta, x) - y
    return jnp.mean(residual * residual)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
dmseloss(Params(w=0.3, b=0.5), linear_model, x, y)
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        losses.append(loss(theta, model, x, y))
    return losses, theta
