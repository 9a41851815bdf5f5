# logistic_loss calls logistic_model directly instead of its model argument.
# expect: logistic_loss=1:loss-ignores-model
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = jnp.clip(logistic_model(theta, x), 1e-7, 1 - 1e-7)
    return -jnp.mean(y * jnp.log(p) + (1 - y) * jnp.log(1 - p))
