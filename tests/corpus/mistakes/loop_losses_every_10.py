# The loop records the loss only every 10th step (300 losses for 3000 steps).
# expect: model_optimization_loop=2:loop-losses-length
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for step in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        if step % 10 == 0:
            losses.append(loss(theta, model, x, y))
    return losses, theta
