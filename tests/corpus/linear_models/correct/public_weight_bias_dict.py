# Theta is a dict with keys "weight" and "bias": the public linear_model check runs before
# initialize_linear_params exists and must find that structure from the model alone.
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    return theta["weight"] * x + theta["bias"]
# %% answer-initialize_linear_params
def initialize_linear_params():
    weight, bias = rng.normal(size=2).astype(np.float32)
    return {"weight": weight, "bias": bias}
# %% example-gradient
dmseloss({"weight": 0.3, "bias": 0.5}, linear_model, x, y)
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        losses.append(loss(theta, model, x, y))
    return losses, theta
