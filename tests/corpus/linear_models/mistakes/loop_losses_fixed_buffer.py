# The loop takes n_steps steps but records them in a buffer of the lesson's 3000 losses, made before
# the loop (zeros where no step was taken): asked for a few steps, it returns 3000 losses. It does
# use n_steps, so the length is the mistake, not the steps. Compiled (fori_loop) so the case is quick.
# expect: model_optimization_loop=2:loop-losses-length
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(i, state):
        theta, losses = state
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, losses.at[i].set(loss(theta, model, x, y))

    theta = jax.tree_util.tree_map(jnp.asarray, theta)
    theta, losses = jax.lax.fori_loop(0, n_steps, step, (theta, jnp.zeros(3000)))
    return losses, theta
