# A hand-written gradient with the residual taken as y - p: right size, wrong sign.
# expect: dlogistic_loss=0:grad-sign
# %% answer-dlogistic_loss
def dlogistic_loss(theta, model, x, y):
    residual = y - model(theta, x)
    return {"w": jnp.mean(residual * x), "b": jnp.mean(residual)}
