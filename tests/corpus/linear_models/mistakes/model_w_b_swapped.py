# Dict theta, but the model uses theta["b"] as the slope and theta["w"] as the intercept. The rest is
# consistent with it, so only the names are wrong.
# expect: linear_model=1:model-w-b-swapped
# %% answer-linear_model
def linear_model(theta, x):
    return theta["b"] * x + theta["w"]
