# The gradient is computed once, before the loop, and every step reuses it: theta moves along a
# straight line past the optimum (the public checks see a few right steps, then the notebook's own
# run ending far off). The first step is a right one, so only the straight path tells this from a
# step size too large (which "loop-diverges" would wrongly advise). Compiled (lax.scan) so the case
# is quick; the mistake is the same in a Python loop.
# expect: model_optimization_loop=1:loop-gradient-once
# public: model_optimization_loop=2:notebook-theta-off
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    grads = grad(loss)(theta, model, x, y)

    def step(theta, _):
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
