# The loop is a jitted lax.scan over n_steps (model and loss are static arguments); losses come back
# as one array, rounded to three decimals for a tidy print. Dict theta.
# expect: full
# %% answer-logistic_optimization_loop
from functools import partial


def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    @partial(jax.jit, static_argnums=(1, 2))
    def run(theta, model, loss, x, y):
        def step(theta, _):
            grads = grad(loss)(theta, model, x, y)
            theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
            return theta, loss(theta, model, x, y)

        return jax.lax.scan(step, theta, None, length=n_steps)

    theta, losses = run(theta, model, loss, x, y)
    return jnp.round(losses, 3), theta
