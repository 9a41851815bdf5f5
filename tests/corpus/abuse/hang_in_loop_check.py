# Right answers whose loop never returns when called with any n_steps but the notebook's 3000 (the
# hidden checks call it first for a few steps): the notebook runs to its end, then the loop's check
# hangs until the time limit. The questions checked before the loop keep their points; the loop
# gets none, with the code timeout (status timeout). The loop is a jitted fori_loop so that the
# notebook's own run is quick under the short time limit.
# status: timeout
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=0:timeout
# max-score: 7
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
    while n_steps != 3000:
        pass
    dloss = grad(loss)

    def body(i, carry):
        theta, losses = carry
        g = dloss(theta, model, x, y)
        theta = [theta[0] - step_size * g[0], theta[1] - step_size * g[1]]
        return theta, losses.at[i].set(loss(theta, model, x, y))

    theta = [jnp.asarray(p, dtype=jnp.float32) for p in theta]
    theta, losses = jax.lax.fori_loop(0, n_steps, body, (theta, jnp.zeros(n_steps, dtype=jnp.float32)))
    return losses, theta
