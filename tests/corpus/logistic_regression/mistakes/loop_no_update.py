# The loop computes the update but never stores it, so theta never moves: no credit for the loop.
# expect: logistic_optimization_loop=0:loop-no-update
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
