# Theta is a list [w, b] of Python floats (float64 draws turned into floats); the loss adds a small
# epsilon inside the logs instead of clipping.
# expect: full
# %% answer-logistic_model
def logistic_model(theta, x):
    return jax.nn.sigmoid(theta[0] * x + theta[1])
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    return [float(v) for v in rng.normal(size=2)]
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    eps = 1e-7
    p = model(theta, x)
    return -jnp.mean(y * jnp.log(p + eps) + (1 - y) * jnp.log(1 - p + eps))
# %% example-gradient
dlogistic_loss([0.0, 0.0], logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        g = dloss(theta, model, x, y)
        theta = [t - step_size * d for t, d in zip(theta, g)]
        losses.append(loss(theta, model, x, y))
    return losses, theta
