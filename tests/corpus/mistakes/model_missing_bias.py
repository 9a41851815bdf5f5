# linear_model forgets the bias: returns w * x. Only linear_model should lose points (the other
# checks use the reference model; the notebook's own run cannot fit b, but that is the same mistake).
# expect: linear_model=0:model-missing-bias
# %% answer-linear_model
def linear_model(theta, x):
    return theta["w"] * x
