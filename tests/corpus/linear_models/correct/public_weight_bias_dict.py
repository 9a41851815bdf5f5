# Theta is a dict with keys "weight" and "bias": the public linear_model check runs before
# initialize_linear_params exists and must find that structure from the model alone. (The loop is
# the corpus's compiled one, which updates any pytree.)
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    return theta["weight"] * x + theta["bias"]
# %% answer-initialize_linear_params
def initialize_linear_params():
    weight, bias = rng.normal(size=2).astype(np.float32)
    return {"weight": weight, "bias": bias}
# %% example-gradient
dmseloss({"weight": 0.3, "bias": 0.5}, linear_model, x, y)
