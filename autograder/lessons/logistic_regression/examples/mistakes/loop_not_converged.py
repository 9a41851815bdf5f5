# The loop uses step size 0.2, ten times too small to converge in 200 steps.
# expect: logistic_optimization_loop=1:loop-not-converged
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=0.2):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
