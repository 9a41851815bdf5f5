# mseloss divides the sum of squared errors by 100, the size of the notebook's data, instead of
# taking the mean: right on the notebook's 100 points, a constant factor off on any other data.
# expect: mseloss=1:loss-scaled
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.sum((model(theta, x) - y) ** 2) / 100
