# linear_model returns the right values as a column, shape (100, 1) instead of (100,).
# expect: linear_model=1:model-wrong-shape
# The public mseloss check runs with the notebook's own linear_model (the student's kernel has no
# reference), so the loss it computes differs from the recorded one.
# public: mseloss=0:loss-wrong-value
# %% answer-linear_model
def linear_model(theta, x):
    return (theta["w"] * x + theta["b"]).reshape(-1, 1)
