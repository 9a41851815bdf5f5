# Theta is a list [w, b] of numpy float64 values (list(rng.normal(size=2))); the update is a list
# comprehension over zip(theta, grads); the loss uses jnp.square(...).mean().
# expect: full
# passes: accelerated
# %% answer-linear_model
def linear_model(theta, x):
    return theta[0] * x + theta[1]
# %% answer-initialize_linear_params
def initialize_linear_params():
    return list(rng.normal(size=2))
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.square(y - model(theta, x)).mean()
# %% answer-dmseloss
dmseloss = grad(mseloss, argnums=0)
# %% example-gradient
dmseloss([0.3, 0.5], linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    gradient = grad(loss)
    losses = []
    for step in range(n_steps):
        g = gradient(theta, model, x, y)
        theta = [p - step_size * d for p, d in zip(theta, g)]
        losses.append(float(loss(theta, model, x, y)))
    return losses, theta
