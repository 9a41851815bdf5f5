# The loop uses step size 0.0001, ten times too small to converge in 3000 steps.
# expect: model_optimization_loop=1:loop-not-converged
# passes: accelerated
# The public check judges the notebook's own run, which ends short of the best fit.
# public: model_optimization_loop=2:notebook-theta-off
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.0001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
