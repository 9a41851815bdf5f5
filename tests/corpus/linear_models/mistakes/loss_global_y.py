# The loss reads the notebook's global y instead of its argument (the formula is right): half the points
# on mseloss, and dmseloss = grad(mseloss) is still the right line of code, so it keeps its points.
# expect: mseloss=1:loss-ignores-data
# %% answer-mseloss
def mseloss(theta, model, x, y_data):
    return jnp.mean((model(theta, x) - y) ** 2)
