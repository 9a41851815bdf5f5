# The loop descends correctly in a variable of its own (params) but returns the theta it was given:
# its losses fall to the best fit's, so it did the work and only the return is wrong (1 point, as
# for the other wrong returns), not "never changes theta" (all 3) with a second finding about its
# losses. Compiled (lax.scan) so the case is quick.
# expect: model_optimization_loop=2:loop-returns-wrong
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(params, _):
        grads = dloss(params, model, x, y)
        params = jax.tree_util.tree_map(lambda p, g: p - step_size * g, params, grads)
        return params, loss(params, model, x, y)

    params, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
