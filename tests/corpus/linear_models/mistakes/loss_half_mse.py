# mseloss is half the mean squared error (0.5 * mean(r ** 2), the "l2 loss" of many texts): the
# right minimum, a constant factor off. Charged as a scaled loss (1 point, as a sum is), not as an
# unknown formula; dmseloss = grad(mseloss) is the right line and is not charged again.
# expect: mseloss=1:loss-scaled
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return 0.5 * jnp.mean((model(theta, x) - y) ** 2)
