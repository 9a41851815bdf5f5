# Theta is a 1-D jnp array with the bias first, [b, w]; starting values come from jax.random with a
# key split at every call (not from numpy's rng).
# expect: full
# passes: accelerated
# %% answer-linear_model
def linear_model(theta, x):
    b, w = theta
    return w * x + b
# %% answer-initialize_linear_params
import jax

key = jax.random.PRNGKey(42)


def initialize_linear_params():
    global key
    key, subkey = jax.random.split(key)
    return jax.random.normal(subkey, (2,))
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((y - model(theta, x)) ** 2)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
example_theta = jnp.array([0.5, 0.3])  # [b, w]
dmseloss(example_theta, linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for i in range(n_steps):
        g = dloss(theta, model, x, y)
        theta = theta - step_size * g
        losses.append(loss(theta, model, x, y))
    return losses, theta
