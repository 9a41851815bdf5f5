# Takes the cross-entropy in bits (jnp.log2) instead of the natural logarithm: the right minimum, a
# constant factor (1/ln 2) off. Charged as a scaled loss, 1 point as a sum is, and
# dlogistic_loss = grad(logistic_loss) is not charged again.
# expect: logistic_loss=1:loss-scaled
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return -jnp.mean(y * jnp.log2(p) + (1 - y) * jnp.log2(1 - p))
