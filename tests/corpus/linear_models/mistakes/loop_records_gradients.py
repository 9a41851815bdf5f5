# The loop appends the gradient (a dict like theta) at each step instead of the loss: one mistake,
# diagnosed as such and charged once (not as a wrong length of 6000, nor as a loss going up).
# A Python loop over one jitted step (as correct/jit_compiled.py), so that what it returns is a list
# of 3000 gradient dicts, as an eager loop's is.
# expect: model_optimization_loop=2:loop-records-not-loss
# %% answer-model_optimization_loop
import jax
from functools import partial


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    @partial(jax.jit, static_argnums=(1, 2))
    def step(theta, model, loss, x, y):
        grads = grad(loss)(theta, model, x, y)
        return jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads), grads

    losses = []
    for _ in range(n_steps):
        theta, grads = step(theta, model, loss, x, y)
        losses.append(grads)
    return losses, theta
