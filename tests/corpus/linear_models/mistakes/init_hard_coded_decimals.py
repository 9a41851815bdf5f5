# initialize_linear_params returns hard-coded decimals that are not whole numbers: the same short
# values at every call are constants, not random starting values.
# expect: initialize_linear_params=0:init-not-random
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0.37, "b": -1.2}
