# mseloss returns the vector of squared errors without averaging it. dmseloss = grad(mseloss) is the
# right line of code, so the mistake should be charged in mseloss only.
# expect: mseloss=1:loss-not-scalar
# The public loop check runs with the notebook's own mseloss (the student's kernel has no
# reference), which fails there too.
# public: model_optimization_loop=0:exception
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return (model(theta, x) - y) ** 2
