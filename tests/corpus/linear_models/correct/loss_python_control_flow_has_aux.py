# Aimed at the compiled gradients: the loss branches in Python on a value (a guard that raises on
# overflow: float() of a number that eager grad knows, through stop_gradient, and compiled code does
# not, so it must run as written) and the loop takes grad(..., has_aux=True) of a wrapper that also
# returns the largest residual; the master's dict theta, updated with tree_map.
# expect: full
# %% answer-mseloss
import jax


def mseloss(theta, model, x, y):
    residuals = model(theta, x) - y
    if float(jax.lax.stop_gradient(jnp.max(jnp.abs(residuals)))) > 1e12:
        raise OverflowError("the fit diverged")
    return jnp.mean(residuals**2)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    def loss_and_largest(theta):
        return loss(theta, model, x, y), jnp.max(jnp.abs(model(theta, x) - y))

    dloss = grad(loss_and_largest, has_aux=True)
    losses, largest = [], []
    for _ in range(n_steps):
        grads, worst = dloss(theta)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        largest.append(worst)
        losses.append(loss(theta, model, x, y))
    return losses, theta
