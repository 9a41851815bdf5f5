# The model reshapes x to a (100, 1) column: it works for the notebook's 100 points only and raises
# for data of any other size. The hidden checks use other sizes, so the model's own check fails
# (the exception is the mistake); every other question is judged with the reference model.
# expect: linear_model=0:exception
# %% answer-linear_model
def linear_model(theta, x):
    column = x.reshape(100, 1)
    return (column * theta["w"] + theta["b"]).reshape(100)
