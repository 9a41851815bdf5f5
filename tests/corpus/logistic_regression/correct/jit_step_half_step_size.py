# Each step is a jitted function; the step size is 1.0 (half the lesson's), which still converges in
# 200 steps. Losses are recorded before each update. Tuple theta.
# expect: full
# %% answer-logistic_model
def logistic_model(theta, x):
    w, b = theta
    return jax.nn.sigmoid(w * x + b)
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    w, b = rng.normal(size=2)
    return (jnp.float32(w), jnp.float32(b))
# %% example-gradient
dlogistic_loss((0.0, 0.0), logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=1.0):
    @jax.jit
    def step(theta):
        value, grads = jax.value_and_grad(loss)(theta, model, x, y)
        return tuple(t - step_size * g for t, g in zip(theta, grads)), value

    losses = []
    for _ in range(n_steps):
        theta, value = step(theta)
        losses.append(value)
    return losses, theta
