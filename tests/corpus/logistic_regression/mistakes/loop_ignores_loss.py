# The loop differentiates the notebook's own logistic_loss instead of the loss it is given.
# expect: logistic_optimization_loop=1:loop-ignores-arguments
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    losses = []
    for _ in range(n_steps):
        grads = dlogistic_loss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(logistic_loss(theta, model, x, y))
    return losses, theta
