# A loop that never does gradient descent: it solves least squares in closed form from x and y,
# ignores its loss and model arguments, and returns a made-up decreasing curve of the right length.
# It must lose the convergence points: its first step does not follow the gradient of the given loss,
# and it ends at the optimum of another problem (it uses neither the loss nor the model it is given).
# max-score: 7
# expect: model_optimization_loop=0:loop-not-gradient-descent,loop-ignores-arguments
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    x64, y64 = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w = np.cov(x64, y64, bias=True)[0, 1] / np.var(x64)
    b = y64.mean() - w * x64.mean()
    losses = list(100.0 * np.exp(-np.arange(n_steps) / 300.0) + 1.0)
    if isinstance(theta, dict):
        return losses, {"w": jnp.float32(w), "b": jnp.float32(b)}
    return losses, type(theta)([jnp.float32(w), jnp.float32(b)])
