# The loop does its work and returns {"losses": ..., "theta": ...} (the run-loop cell reads both
# keys). Only the return is wrong: 1 point. Compiled (lax.scan) so the case is quick.
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
    return {"losses": losses, "theta": theta}
# %% run-loop
result = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=3000)
losses, theta = result["losses"], result["theta"]
