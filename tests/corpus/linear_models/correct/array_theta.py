# Theta is a 1-D jnp array [w, b] (float32); the update is plain array arithmetic.
# expect: full
# passes: accelerated
# %% answer-linear_model
def linear_model(theta, x):
    return theta[0] * x + theta[1]
# %% answer-initialize_linear_params
def initialize_linear_params():
    return jnp.array(rng.normal(size=2), dtype=jnp.float32)
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return ((model(theta, x) - y) ** 2).mean()
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
dmseloss(jnp.array([0.3, 0.5]), linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        theta = theta - step_size * dloss(theta, model, x, y)
        losses.append(loss(theta, model, x, y))
    return losses, theta
