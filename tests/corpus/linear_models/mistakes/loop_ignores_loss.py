# The loop ignores its loss argument: it steps with the notebook's own dmseloss and records the
# notebook's own mseloss, so it minimises whatever loss the notebook defines, not the one it is given.
# Its loop is the corpus's compiled loop (tests/corpus/linear_models/fast_loop.py) with this one change.
# expect: model_optimization_loop=1:loop-ignores-arguments
# The public check passes the notebook's own model, loss and data, the ones this loop uses anyway:
# it cannot see the mistake.
# public: model_optimization_loop=3
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    def step(theta, _):
        grads = dmseloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, mseloss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
