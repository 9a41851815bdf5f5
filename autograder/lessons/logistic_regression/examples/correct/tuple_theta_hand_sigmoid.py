# Theta is a tuple (w, b); the sigmoid is written by hand; the starting values are Python floats from
# rng.normal(); the loop is wrapped in tqdm and the example gradient uses a tuple.
# expect: full
# %% answer-logistic_model
def logistic_model(theta, x):
    w, b = theta
    return 1 / (1 + jnp.exp(-(w * x + b)))
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    return (rng.normal(), rng.normal())
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return jnp.mean(-y * jnp.log(p) - (1 - y) * jnp.log(1 - p))
# %% answer-dlogistic_loss
dlogistic_loss = grad(logistic_loss)
# %% example-gradient
example_theta = (0.0, 0.0)
dlogistic_loss(example_theta, logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in tqdm(range(n_steps)):
        dw, db = dloss(theta, model, x, y)
        w, b = theta
        theta = (w - step_size * dw, b - step_size * db)
        losses.append(loss(theta, model, x, y))
    return losses, theta
