# The loop cell of every corpus notebook that leaves it alone (see tests/corpus.py): the master's
# gradient descent, the same steps (theta - step_size * grad, the loss recorded after each step),
# compiled as one lax.scan over any pytree theta. The master's eager loop runs once in the notebook
# and again in each check of the loop; a case about the loop writes its own, and `# loop: master`
# keeps the master's.
# %% answer-logistic_optimization_loop
import jax


def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
