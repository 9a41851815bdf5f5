# dmseloss approximates the gradient with forward finite differences (eps = 1e-2, float32): close to
# the gradient but not accurate.
# expect: dmseloss=1:grad-inaccurate
# %% answer-dmseloss
def dmseloss(theta, model, x, y, eps=1e-2):
    base = mseloss(theta, model, x, y)
    gradient = {}
    for name in theta:
        moved = dict(theta)
        moved[name] = theta[name] + eps
        gradient[name] = (mseloss(moved, model, x, y) - base) / eps
    return gradient
