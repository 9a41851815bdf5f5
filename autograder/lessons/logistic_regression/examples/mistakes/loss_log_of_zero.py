# The cross-entropy takes the log of the probabilities unclipped: right wherever the model is unsure,
# but infinite or NaN once a probability is exactly 0 or 1 in float32 (the gradient, grad of this
# loss, is still the right line of code).
# expect: logistic_loss=1:loss-log-of-zero
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = model(theta, x)
    return -jnp.mean(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))
