# The loop fits the notebook's global x and y (its xs, ys arguments unused) instead of its own arguments.
# expect: logistic_optimization_loop=1:loop-ignores-arguments
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, xs, ys, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
