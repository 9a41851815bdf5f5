# The loop fits the notebook's global x and y (xs, ys arguments unused) instead of its own arguments.
# expect: model_optimization_loop=1:loop-ignores-arguments
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, xs, ys, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
