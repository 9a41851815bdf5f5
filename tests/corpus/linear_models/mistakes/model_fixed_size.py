# The model reshapes x to a (100, 1) column: it works for the notebook's 100 points only and raises
# for data of any other size. The hidden checks use other sizes, so the model's own check fails
# (the exception is the mistake); every other question is judged with the reference model.
# expect: linear_model=0:exception
# The public checks of the later questions run with the notebook's own linear_model (the student's
# kernel has no reference) and say that they depend on it.
# public: mseloss=0:depends-on-model dmseloss=0:depends-on-model model_optimization_loop=0:depends-on-model
# %% answer-linear_model
def linear_model(theta, x):
    column = x.reshape(100, 1)
    return (column * theta["w"] + theta["b"]).reshape(100)
