# The loop is a lax.fori_loop carrying (theta, losses) with losses preallocated as jnp.zeros(n_steps)
# and filled with .at[i].set; theta is a list [w, b] of float32.
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    w = theta[0]
    b = theta[1]
    return w * x + b
# %% answer-initialize_linear_params
def initialize_linear_params():
    return [np.float32(rng.normal()), np.float32(rng.normal())]
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((y - model(theta, x)) ** 2)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
dmseloss([0.3, 0.5], linear_model, x, y)
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def body(i, carry):
        theta, losses = carry
        g = dloss(theta, model, x, y)
        theta = [theta[0] - step_size * g[0], theta[1] - step_size * g[1]]
        return theta, losses.at[i].set(loss(theta, model, x, y))

    theta = [jnp.asarray(p, dtype=jnp.float32) for p in theta]
    theta, losses = jax.lax.fori_loop(0, n_steps, body, (theta, jnp.zeros(n_steps, dtype=jnp.float32)))
    return losses, theta
