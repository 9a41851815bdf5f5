# A hand-written gradient that forgets the factor 2 from the square: half the true gradient.
# expect: dmseloss=1:grad-scale
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    residual = model(theta, x) - y
    return {"w": jnp.mean(residual * x), "b": jnp.mean(residual)}
