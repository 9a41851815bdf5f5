# The model is defined under another name (linearmodel), so linear_model does not exist; the rest of
# the notebook calls linear_model and fails.
# expect: linear_model=0:missing-definition
# %% answer-linear_model
def linearmodel(theta, x):
    return theta["w"] * x + theta["b"]
