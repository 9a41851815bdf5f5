# A larger step size, 0.01 (still stable for this data), hard-coded in the loop; dict theta.
# expect: full
# passes: accelerated
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    lr = 0.01
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        g = dloss(theta, model, x, y)
        theta = {"w": theta["w"] - lr * g["w"], "b": theta["b"] - lr * g["b"]}
        losses.append(loss(theta, model, x, y))
    return losses, theta
