# logistic_model forgets the bias: it returns sigmoid(w * x).
# expect: logistic_model=0:model-missing-bias
# %% answer-logistic_model
def logistic_model(theta, x):
    return jax.nn.sigmoid(theta["w"] * x)
