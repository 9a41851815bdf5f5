# mseloss takes the mean absolute error instead of the mean squared error.
# expect: mseloss=0:loss-not-squared
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean(jnp.abs(model(theta, x) - y))
