# The model is defined under another name (linearmodel), so linear_model does not exist; the rest of
# the notebook calls linear_model and fails.
# expect: linear_model=0:missing-definition
# The public checks of the later questions run with the notebook's own linear_model (the student's
# kernel has no reference) and say that they depend on it.
# public: mseloss=0:depends-on-model dmseloss=0:depends-on-model model_optimization_loop=0:depends-on-model
# %% answer-linear_model
def linearmodel(theta, x):
    return theta["w"] * x + theta["b"]
