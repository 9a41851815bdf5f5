# dlogistic_loss differentiates with respect to x (argnums=2) instead of theta.
# expect: dlogistic_loss=0:grad-wrong-argument
# %% answer-dlogistic_loss
dlogistic_loss = grad(logistic_loss, argnums=2)
