# The loop ignores its loss argument: it steps with the notebook's own dmseloss and records the
# notebook's own mseloss, so it minimises whatever loss the notebook defines, not the one it is given.
# expect: model_optimization_loop=1:loop-ignores-arguments
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    losses = []
    for _ in range(n_steps):
        grads = dmseloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(mseloss(theta, model, x, y))
    return losses, theta
