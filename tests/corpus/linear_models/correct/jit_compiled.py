# Dict theta with jit everywhere: mseloss and dmseloss are jax.jit(..., static_argnums=1) (the model
# is a function, so it must be static), and the loop jits one update step with model and loss static.
# expect: full
# %% answer-mseloss
import jax
from functools import partial


@partial(jax.jit, static_argnums=1)
def mseloss(theta, model, x, y):
    y_est = model(theta, x)
    return jnp.mean((y - y_est) ** 2)
# %% answer-dmseloss
dmseloss = jax.jit(grad(mseloss), static_argnums=1)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    @partial(jax.jit, static_argnums=(1, 2))
    def step(theta, model, loss, x, y):
        value, grads = jax.value_and_grad(loss)(theta, model, x, y)
        new = {k: theta[k] - step_size * grads[k] for k in theta}
        return new, loss(new, model, x, y)

    losses = []
    for _ in range(n_steps):
        theta, value = step(theta, model, loss, x, y)
        losses.append(value)
    return losses, theta
