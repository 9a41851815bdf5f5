# The loop steps against the gradient but with step size 0.5, far above the stable limit (about
# 0.118 on the notebook's data, and on the hidden data, which share its curvature): each step
# overshoots and the loss blows up. That is divergence (advice: a smaller step), not ascent.
# expect: model_optimization_loop=1:loop-diverges
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.5):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
