# The loop returns only theta, not (losses, theta). The notebook's run cell then unpacks the dict's
# keys; that is the same mistake, so it should be charged once.
# expect: model_optimization_loop=2:loop-returns-wrong
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
    return theta
