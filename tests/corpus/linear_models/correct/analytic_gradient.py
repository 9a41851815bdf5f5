# dmseloss is written by hand, not with grad: 2 * mean(residual * x) and 2 * mean(residual), in a
# dict like theta. (The loop still uses grad(loss), as asked.)
# expect: full
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    residual = model(theta, x) - y
    return {"w": 2 * jnp.mean(residual * x), "b": 2 * jnp.mean(residual)}
