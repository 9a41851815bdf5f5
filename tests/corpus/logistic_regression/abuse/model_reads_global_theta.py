# The model ignores the theta it is given and reads the notebook's global theta instead: whatever the
# checks pass in, it answers for the notebook's own parameters. It gets nothing for the model, and the
# notebook's own run cannot train (its gradient is zero); every other question is judged with the
# reference model and keeps its points.
# max-score: 8
# expect: logistic_model=0:model-wrong-value
# %% answer-logistic_model
def logistic_model(theta, x):
    params = globals().get("theta", theta)
    return jax.nn.sigmoid(params["w"] * x + params["b"])
