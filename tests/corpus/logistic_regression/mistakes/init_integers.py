# initialize_logistic_params returns integer zeros: jax.grad cannot differentiate ints, so the
# notebook's own run of the loop raises too (that is the same mistake, charged once).
# expect: initialize_logistic_params=0:init-incompatible
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    return {"w": 0, "b": 0}
