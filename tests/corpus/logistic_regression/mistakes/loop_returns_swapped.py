# The loop returns (theta, losses) instead of (losses, theta); the run-loop cell unpacks it the same
# wrong way round, so the notebook's own run works.
# expect: logistic_optimization_loop=2:loop-returns-wrong
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return theta, losses
# %% run-loop
theta, losses = logistic_optimization_loop(theta, logistic_model, logistic_loss, x, y, n_steps=200)
