# The loop does its work and returns (losses, theta, thetas): the thetas it visited as a third item
# (the run-loop cell unpacks three). Only the return is wrong: 1 point, as for (theta, losses) in
# the wrong order, not the whole loop. Compiled (lax.scan) so the case is quick.
# expect: model_optimization_loop=2:loop-returns-wrong
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, (loss(theta, model, x, y), theta)

    theta, (losses, thetas) = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta, thetas
# %% run-loop
losses, theta, thetas = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=3000)
