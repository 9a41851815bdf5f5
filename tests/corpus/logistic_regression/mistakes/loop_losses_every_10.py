# The loop records the loss only every 10th step (20 losses for 200 steps).
# expect: logistic_optimization_loop=2:loop-losses-length
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    for step in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        if step % 10 == 0:
            losses.append(loss(theta, model, x, y))
    return losses, theta
