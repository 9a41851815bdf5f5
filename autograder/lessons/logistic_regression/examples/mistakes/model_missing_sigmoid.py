# logistic_model forgets the sigmoid: it returns w * x + b, not a probability. Only logistic_model
# should lose points (the other checks use the reference model; the notebook's own run cannot fit with
# it, but that is the same mistake).
# expect: logistic_model=0:model-missing-sigmoid
# %% answer-logistic_model
def logistic_model(theta, x):
    return theta["w"] * x + theta["b"]
