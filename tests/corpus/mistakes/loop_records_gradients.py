# The loop appends the gradient (a dict like theta) at each step instead of the loss: one mistake,
# diagnosed as such and charged once (not as a wrong length of 6000, nor as a loss going up).
# expect: model_optimization_loop=2:loop-records-not-loss
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(grads)
    return losses, theta
