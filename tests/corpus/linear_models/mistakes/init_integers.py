# initialize_linear_params returns integer zeros: jax.grad cannot differentiate ints, so the
# notebook's own run of the loop raises too (that is the same mistake, charged once).
# expect: initialize_linear_params=0:init-incompatible
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0, "b": 0}
