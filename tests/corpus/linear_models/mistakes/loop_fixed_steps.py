# The loop always runs 3000 steps, ignoring its n_steps argument.
# Its loop is the corpus's compiled loop (tests/corpus/linear_models/fast_loop.py) with this one change.
# expect: model_optimization_loop=2:loop-ignores-arguments
# The public check asks for a few steps and gets 3000 losses: it names the length it sees.
# public: model_optimization_loop=2:loop-losses-length
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=3000)
    return losses, theta
