# mseloss squares with np.square (a numpy ufunc), so its value is right but jax.grad cannot trace it:
# the mistake shows in dmseloss (grad-through-numpy), and mseloss keeps full marks.
# expect: dmseloss=0:grad-through-numpy
# The public loop check runs with the notebook's own mseloss (the student's kernel has no
# reference), which fails there too.
# public: model_optimization_loop=0:exception
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return np.mean(np.square(y - model(theta, x)))
