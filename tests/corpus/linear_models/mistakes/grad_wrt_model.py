# dmseloss differentiates with respect to the model function (argnums=1) instead of theta.
# expect: dmseloss=0:grad-wrong-argument
# %% answer-dmseloss
dmseloss = grad(mseloss, argnums=1)
