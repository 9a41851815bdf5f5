# The loop computes the update but never stores it (the expression's result is thrown away), so theta
# never moves. The grader's design (commit ffb2051) gives a loop that never steps no credit at all.
# expect: model_optimization_loop=0:loop-no-update
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        for name in theta:
            theta[name] - step_size * grads[name]
        losses.append(loss(theta, model, x, y))
    return losses, theta
