# linear_model returns the right values as a column, shape (100, 1) instead of (100,).
# expect: linear_model=1:model-wrong-shape
# %% answer-linear_model
def linear_model(theta, x):
    return (theta["w"] * x + theta["b"]).reshape(-1, 1)
