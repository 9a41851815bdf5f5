# The two terms of the cross-entropy are paired with the wrong labels: log(p) with y = 0. The
# gradient, grad of this loss, is still the right line of code (charged in logistic_loss only).
# expect: logistic_loss=1:loss-labels-flipped
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return -jnp.mean((1 - y) * jnp.log(p) + y * jnp.log(1 - p))
