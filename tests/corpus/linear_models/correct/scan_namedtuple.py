# The loop is a lax.scan over n_steps (losses come back as one array, rounded to three decimals for a
# tidy print); theta is a namedtuple.
# expect: full
# %% answer-linear_model
import collections

Theta = collections.namedtuple("Theta", "w b")


def linear_model(theta, x):
    return theta.w * x + theta.b
# %% answer-initialize_linear_params
def initialize_linear_params():
    return Theta(*rng.standard_normal(2).astype(np.float32))
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((model(theta, x) - y) ** 2)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
dmseloss(Theta(0.3, 0.5), linear_model, x, y)
# %% answer-model_optimization_loop
import jax
from jax import lax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    theta = jax.tree_util.tree_map(jnp.asarray, theta)

    def step(theta, _):
        g = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, d: p - step_size * d, theta, g)
        return theta, loss(theta, model, x, y)

    theta, losses = lax.scan(step, theta, None, length=n_steps)
    return np.round(np.asarray(losses), 3), theta
