# logistic_loss computes the right value with plain numpy (np.clip, np.log): jax.grad cannot trace it,
# so dlogistic_loss = grad(logistic_loss) raises; the mistake shows only in the gradient.
# expect: dlogistic_loss=0:grad-through-numpy
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = np.clip(np.asarray(model(theta, x)), 1e-7, 1 - 1e-7)
    return -np.mean(np.asarray(y) * np.log(p) + (1 - np.asarray(y)) * np.log(1 - p))
