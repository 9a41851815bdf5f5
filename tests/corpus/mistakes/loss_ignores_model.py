# mseloss calls linear_model directly instead of its model argument.
# expect: mseloss=1:loss-ignores-model
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((linear_model(theta, x) - y) ** 2)
