# mseloss calls the model with its arguments swapped, model(x, theta), which raises. dmseloss =
# grad(mseloss) is the right line of code, so the mistake should be charged in mseloss only.
# expect: mseloss=0:exception
# The public loop check runs with the notebook's own mseloss (the student's kernel has no
# reference), which fails there too.
# public: model_optimization_loop=0:exception
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((model(x, theta) - y) ** 2)
