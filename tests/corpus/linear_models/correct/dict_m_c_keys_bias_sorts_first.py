# Theta is a dict with the math-class names {"m": slope, "c": intercept}: jax sorts dict keys, so
# flattened the intercept comes first ("c" < "m"). The grader must find which entry is the slope.
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    return theta["m"] * x + theta["c"]
# %% answer-initialize_linear_params
def initialize_linear_params():
    m, c = rng.normal(size=2).astype(np.float32)
    return {"m": m, "c": c}
# %% example-gradient
dmseloss({"m": 0.3, "c": 0.5}, linear_model, x, y)
