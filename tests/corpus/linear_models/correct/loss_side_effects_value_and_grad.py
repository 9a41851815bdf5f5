# Aimed at the compiled gradients: the loss prints, counts its calls in a global and appends to a
# global list (so compiling it would change what the student sees: it must run as written), and the
# loop takes jax.value_and_grad, recording the loss at theta before each update; dict theta.
# expect: full
# %% answer-mseloss
calls = 0
history = []


def mseloss(theta, model, x, y):
    global calls
    calls += 1
    value = jnp.mean((model(theta, x) - y) ** 2)
    history.append(calls)
    if calls % 1000 == 0:
        print("loss evaluated", calls, "times")
    return value
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    value_and_gradient = jax.value_and_grad(loss)
    losses = []
    for _ in range(n_steps):
        value, grads = value_and_gradient(theta, model, x, y)
        losses.append(value)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
    return losses, theta
