# A hand-written gradient with the residual taken as y - model(theta, x): right size, wrong sign.
# expect: dmseloss=0:grad-sign
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    residual = y - model(theta, x)
    return {"w": 2 * jnp.mean(residual * x), "b": 2 * jnp.mean(residual)}
