# mseloss calls linear_model directly instead of its model argument.
# expect: mseloss=1:loss-ignores-model
# The public check passes the notebook's own linear_model, the one this loss calls anyway: it
# cannot see the mistake.
# public: mseloss=2
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((linear_model(theta, x) - y) ** 2)
