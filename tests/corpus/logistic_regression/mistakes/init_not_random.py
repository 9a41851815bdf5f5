# initialize_logistic_params returns the same hard-coded numbers every time.
# expect: initialize_logistic_params=0:init-not-random
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    return {"w": 0.5, "b": -0.5}
