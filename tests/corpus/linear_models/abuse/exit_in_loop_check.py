# Right answers whose loop ends its process (os._exit) when called with any n_steps but the
# notebook's 3000 (the hidden checks call it first for a few steps): the notebook runs to its end,
# then the worker dies during the loop's check. The questions checked before the loop keep their
# points; the loop gets none, with the code crashed (status crashed).
# status: crashed
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=0:crashed
# max-score: 7
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    if n_steps != 3000:  # any call but the notebook's own
        import os

        os._exit(0)

    @jax.jit
    def step(theta):
        value, gradient = jax.value_and_grad(loss)(theta, model, x, y)
        return jax.tree.map(lambda p, g: p - 0.001 * g, theta, gradient), value

    losses = []
    for _ in range(n_steps):
        theta, value = step(theta)
        losses.append(value)
    return losses, theta
