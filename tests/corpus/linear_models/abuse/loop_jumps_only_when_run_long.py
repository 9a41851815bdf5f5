# A loop that never takes a gradient step the checks can see: runs of fewer than 100 steps (the
# checks' first step and short run) return theta as given, with the start loss recorded n_steps
# times; the long run jumps to the optimum with two Newton steps (jax.hessian of the given loss) and
# records a made-up curve. It got full marks: a first step that does not move was taken for "no
# single step can be seen". A loop whose runs of 1 and k steps record their losses but stand still
# while the long run moves is now charged as not gradient descent (loop_check._still_for_few_steps).
# expect: model_optimization_loop=1:loop-not-gradient-descent
# max-score: 8
# %% answer-model_optimization_loop
import jax
import numpy as _np
from jax.flatten_util import ravel_pytree


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    flat, unravel = ravel_pytree(jax.tree_util.tree_map(jnp.asarray, theta))
    f = lambda v: loss(unravel(v), model, x, y)
    start = float(f(flat))
    if n_steps < 100:
        return jnp.full((n_steps,), start), theta
    for _ in range(2):
        flat = flat - jnp.linalg.solve(jax.hessian(f)(flat), jax.grad(f)(flat))
    end = float(f(flat))
    rest = _np.geomspace(max(start - end, 1e-6), 1e-9, n_steps - 12) + end
    rest[-1] = end
    return jnp.asarray(_np.concatenate([_np.full(12, start), rest])), unravel(flat)
