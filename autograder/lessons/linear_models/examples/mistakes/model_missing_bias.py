# linear_model forgets the bias: returns w * x. Only linear_model should lose points (the other
# checks use the reference model; the notebook's own run cannot fit b, but that is the same mistake).
# expect: linear_model=0:model-missing-bias
# The public mseloss check runs with the notebook's own linear_model (the student's kernel has no
# reference), so the loss it computes differs from the recorded one.
# public: mseloss=0:loss-wrong-value
# %% answer-linear_model
def linear_model(theta, x):
    return theta["w"] * x
