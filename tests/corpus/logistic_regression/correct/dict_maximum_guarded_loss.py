# Dict theta; the loss keeps the logs finite with jnp.maximum(..., 1e-12) rather than jnp.clip.
# expect: full
# %% answer-logistic_loss
def logistic_loss(theta, model, x, y):
    p = model(theta, x)
    log_p = jnp.log(jnp.maximum(p, 1e-12))
    log_not_p = jnp.log(jnp.maximum(1 - p, 1e-12))
    return -jnp.mean(y * log_p + (1 - y) * log_not_p)
