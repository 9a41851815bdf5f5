# dlogistic_loss is the gradient worked out by hand, mean((p - y) * x) and mean(p - y), in theta's own
# dict; the loop is a while loop over a step counter and uses that formula through grad of the loss.
# expect: full
# %% answer-dlogistic_loss
def dlogistic_loss(theta, model, x, y):
    residual = model(theta, x) - y
    return {"w": jnp.mean(residual * x), "b": jnp.mean(residual)}
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    dloss = grad(loss)
    losses = []
    step = 0
    while step < n_steps:
        grads = dloss(theta, model, x, y)
        theta = {"w": theta["w"] - step_size * grads["w"], "b": theta["b"] - step_size * grads["b"]}
        losses.append(float(loss(theta, model, x, y)))
        step += 1
    return losses, theta
