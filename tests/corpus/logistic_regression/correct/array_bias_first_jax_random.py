# Theta is a 1-D jnp array with the bias first, [b, w]; starting values come from jax.random with a
# key split at every call; the loop updates the whole array at once.
# expect: full
# %% answer-logistic_model
def logistic_model(theta, x):
    b, w = theta
    return jax.nn.sigmoid(w * x + b)
# %% answer-initialize_logistic_params
key = jax.random.PRNGKey(42)


def initialize_logistic_params():
    global key
    key, subkey = jax.random.split(key)
    return jax.random.normal(subkey, (2,))
# %% example-gradient
example_theta = jnp.array([0.0, 0.0])  # [b, w]
dlogistic_loss(example_theta, logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for i in range(n_steps):
        theta = theta - step_size * dloss(theta, model, x, y)
        losses.append(loss(theta, model, x, y))
    return losses, theta
