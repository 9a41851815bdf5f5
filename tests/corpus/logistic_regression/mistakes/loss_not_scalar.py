# logistic_loss returns each example's cross-entropy without averaging. dlogistic_loss =
# grad(logistic_loss) is the right line of code, so the mistake is charged in logistic_loss only.
# expect: logistic_loss=1:loss-not-scalar
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(model(theta, x), 1e-7, 1 - 1e-7)
    return -(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))
