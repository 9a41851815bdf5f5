# The loop ignores its model argument: it passes the notebook's own linear_model to the loss, so it
# fits whatever model the notebook defines, not the one it is given.
# expect: model_optimization_loop=1:loop-ignores-arguments
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, linear_model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, linear_model, x, y))
    return losses, theta
