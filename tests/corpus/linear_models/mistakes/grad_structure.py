# A hand-written gradient with the right values, returned as an array [dw, db] while theta is a dict.
# expect: dmseloss=1:grad-structure
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    residual = model(theta, x) - y
    return jnp.array([2 * jnp.mean(residual * x), 2 * jnp.mean(residual)])
