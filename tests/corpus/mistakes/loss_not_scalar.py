# mseloss returns the vector of squared errors without averaging it. dmseloss = grad(mseloss) is the
# right line of code, so the mistake should be charged in mseloss only.
# expect: mseloss=1:loss-not-scalar
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return (model(theta, x) - y) ** 2
