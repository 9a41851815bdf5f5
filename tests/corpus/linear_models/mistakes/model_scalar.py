# linear_model averages its predictions and returns a single number instead of one value per x.
# expect: linear_model=0:model-wrong-shape
# The public checks of the later questions run with the notebook's own linear_model (the student's
# kernel has no reference) and say that they depend on it.
# public: mseloss=0:depends-on-model dmseloss=0:depends-on-model model_optimization_loop=0:depends-on-model
# %% answer-linear_model
def linear_model(theta, x):
    return jnp.mean(theta["w"] * x + theta["b"])
