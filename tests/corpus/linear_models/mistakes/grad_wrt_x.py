# dmseloss differentiates with respect to x (argnums=2) instead of theta.
# expect: dmseloss=0:grad-wrong-argument
# %% answer-dmseloss
dmseloss = grad(mseloss, argnums=2)
