# Theta is a (2, 1) column vector [[w], [b]]; the model stacks the features [x, 1] into an (n, 2)
# design matrix, multiplies with @ and flattens back to shape (n,).
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    X = jnp.stack([x, jnp.ones_like(x)], axis=1)
    return (X @ theta).ravel()
# %% answer-initialize_linear_params
def initialize_linear_params():
    return jnp.asarray(rng.normal(size=(2, 1)), dtype=jnp.float32)
# %% example-gradient
dmseloss(jnp.array([[0.3], [0.5]]), linear_model, x, y)
