# mseloss takes the square root of the mean squared error (RMSE).
# expect: mseloss=1:loss-rmse
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.sqrt(jnp.mean((model(theta, x) - y) ** 2))
