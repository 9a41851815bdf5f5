# The loop steps against the gradient but with step size 0.5, far above the stable limit (about
# 0.118 on the notebook's data, and on the hidden data, which share its curvature): each step
# overshoots and the loss blows up. That is divergence (advice: a smaller step), not ascent.
# Its loop is the corpus's compiled loop (tests/corpus/linear_models/fast_loop.py) with this one change.
# expect: model_optimization_loop=1:loop-diverges
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.5):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
