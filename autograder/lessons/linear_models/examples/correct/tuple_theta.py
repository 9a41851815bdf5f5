# Theta is a tuple (w, b); the starting values are Python floats from rng.normal(); the loop is
# wrapped in tqdm (already imported by the setup cell) and the example gradient uses a tuple.
# expect: full
# passes: accelerated
# %% answer-linear_model
def linear_model(theta, x):
    w, b = theta
    return w * x + b
# %% answer-initialize_linear_params
def initialize_linear_params():
    return (rng.normal(), rng.normal())
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((model(theta, x) - y) ** 2)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
example_theta = (0.3, 0.5)
dmseloss(example_theta, linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in tqdm(range(n_steps)):
        dw, db = dloss(theta, model, x, y)
        w, b = theta
        theta = (w - step_size * dw, b - step_size * db)
        losses.append(loss(theta, model, x, y))
    return losses, theta
