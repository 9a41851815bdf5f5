# Right answers whose loop never returns when called with any n_steps but the notebook's 3000 (the
# hidden checks call it first for a few steps): the notebook runs to its end, then the loop's check
# hangs until the time limit. The questions checked before the loop keep their points; the loop
# gets none, with the code timeout (status timeout). Each step is jitted so that the notebook's own
# run is quick. Its batch has the 20 s limit, not the 8 s of cases that only wait: on a loaded
# 2-core machine the notebook and four questions took longer than 8 s, and dmseloss timed out.
# group: works-then-hangs
# status: timeout
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=0:timeout
# max-score: 7
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    while n_steps != 3000:  # any call but the notebook's own
        pass

    @jax.jit
    def step(theta):
        value, gradient = jax.value_and_grad(loss)(theta, model, x, y)
        return jax.tree.map(lambda p, g: p - 0.001 * g, theta, gradient), value

    losses = []
    for _ in range(n_steps):
        theta, value = step(theta)
        losses.append(value)
    return losses, theta
