# dlogistic_loss doubles the gradient (a hand-made factor 2, as for the squared error): right
# direction, wrong size.
# expect: dlogistic_loss=1:grad-scale
# %% answer-dlogistic_loss
def dlogistic_loss(theta, model, x, y):
    return jax.tree_util.tree_map(lambda g: 2 * g, grad(logistic_loss)(theta, model, x, y))
