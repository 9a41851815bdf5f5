# The loop computes the update but never stores it (the expression's result is thrown away), so theta
# never moves. The grader's design (commit ffb2051) gives a loop that never steps no credit at all.
# Its loop is the corpus's compiled loop (tests/corpus/linear_models/fast_loop.py) with this one change.
# expect: model_optimization_loop=0:loop-no-update
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
