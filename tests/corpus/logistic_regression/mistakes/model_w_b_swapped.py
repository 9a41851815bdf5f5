# The dict keys are used the other way round: theta["b"] multiplies x. Consistent everywhere, so it
# costs a point in logistic_model only (the checks find which number is the slope from behaviour).
# expect: logistic_model=1:model-w-b-swapped
# %% answer-logistic_model
def logistic_model(theta, x):
    return jax.nn.sigmoid(theta["b"] * x + theta["w"])
