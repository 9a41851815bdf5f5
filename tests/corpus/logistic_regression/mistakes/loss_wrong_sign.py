# The minus sign of the cross-entropy is missing: the loss is the mean log-likelihood, which gradient
# descent makes worse (the notebook's own run then walks away; charged in logistic_loss only).
# expect: logistic_loss=1:loss-wrong-sign
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return jnp.mean(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))
