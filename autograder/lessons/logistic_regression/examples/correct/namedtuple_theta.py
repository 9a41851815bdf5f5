# Theta is a namedtuple Params(w, b) defined in the model cell; the loop updates it with
# jax.tree_util.tree_map, so any pytree works.
# expect: full
# %% answer-logistic_model
from collections import namedtuple

Params = namedtuple("Params", ["w", "b"])


def logistic_model(theta, x):
    return jax.nn.sigmoid(theta.w * x + theta.b)
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    w, b = rng.normal(size=2).astype(np.float32)
    return Params(w=w, b=b)
# %% answer-dlogistic_loss
dlogistic_loss = grad(logistic_loss)
# %% example-gradient
dlogistic_loss(Params(w=0.0, b=0.0), logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        losses.append(loss(theta, model, x, y))
    return losses, theta
