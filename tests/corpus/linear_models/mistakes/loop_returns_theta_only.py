# The loop returns only theta, not (losses, theta). The notebook's run cell then unpacks the dict's
# keys; that is the same mistake, so it should be charged once.
# Its loop is the corpus's compiled loop (tests/corpus/linear_models/fast_loop.py) with this one change.
# expect: model_optimization_loop=2:loop-returns-wrong
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return theta
