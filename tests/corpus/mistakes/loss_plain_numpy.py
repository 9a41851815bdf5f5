# mseloss squares with np.square (a numpy ufunc), so its value is right but jax.grad cannot trace it:
# the mistake shows in dmseloss (grad-through-numpy), and mseloss keeps full marks.
# expect: dmseloss=0:grad-through-numpy
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return np.mean(np.square(y - model(theta, x)))
