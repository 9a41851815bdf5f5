# Sums the cross-entropy of the examples instead of averaging it (the gradient is then 100x too
# large and the notebook's own run overshoots, but dlogistic_loss = grad(logistic_loss) is still the
# right line of code, so only logistic_loss loses a point).
# expect: logistic_loss=1:loss-sum-not-mean
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return -jnp.sum(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))
