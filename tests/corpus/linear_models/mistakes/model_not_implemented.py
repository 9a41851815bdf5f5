# The linear_model stub is left as handed out (raise NotImplementedError); everything else is done.
# expect: linear_model=0:not-implemented
# The public checks of the later questions run with the notebook's own linear_model (the student's
# kernel has no reference) and say that they depend on it.
# public: mseloss=0:depends-on-model dmseloss=0:depends-on-model model_optimization_loop=0:depends-on-model
# %% answer-linear_model
def linear_model(theta, x):
    raise NotImplementedError("write linear_model")
