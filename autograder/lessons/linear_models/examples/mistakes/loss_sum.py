# Sums the squared errors instead of averaging them (the gradient is then 100x too large too, but
# dmseloss = grad(mseloss) is still the right line of code, so only mseloss loses a point).
# expect: mseloss=1:loss-sum-not-mean
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.sum((model(theta, x) - y) ** 2)
