# initialize_linear_params returns a tuple (w, b) while linear_model (the reference) reads a dict.
# expect: initialize_linear_params=0:init-incompatible
# %% answer-initialize_linear_params
def initialize_linear_params():
    w, b = rng.normal(size=2).astype(np.float32)
    return (w, b)
