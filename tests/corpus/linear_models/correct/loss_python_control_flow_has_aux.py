# Aimed at the compiled gradients: the loss branches in Python on a value (a guard that raises on
# overflow: float() of a number that eager grad knows, through stop_gradient, and compiled code does
# not, so it must run as written) and the loop takes
# grad(..., has_aux=True) of a wrapper that also returns the largest residual; tuple theta.
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    w, b = theta
    return w * x + b
# %% answer-initialize_linear_params
def initialize_linear_params():
    return (rng.normal(), rng.normal())
# %% answer-mseloss
import jax


def mseloss(theta, model, x, y):
    residuals = model(theta, x) - y
    if float(jax.lax.stop_gradient(jnp.max(jnp.abs(residuals)))) > 1e12:
        raise OverflowError("the fit diverged")
    return jnp.mean(residuals**2)
# %% example-gradient
dmseloss((0.3, 0.5), linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    def loss_and_largest(theta):
        return loss(theta, model, x, y), jnp.max(jnp.abs(model(theta, x) - y))

    dloss = grad(loss_and_largest, has_aux=True)
    losses, largest = [], []
    for _ in range(n_steps):
        (dw, db), worst = dloss(theta)
        theta = (theta[0] - step_size * dw, theta[1] - step_size * db)
        largest.append(worst)
        losses.append(loss(theta, model, x, y))
    return losses, theta
