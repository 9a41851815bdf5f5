# The starting values are numpy float64 scalars (rng.normal() wrapped in np.float64), and the loss
# takes np.mean of a jnp expression: np.mean hands a jax array to its own .mean(), so jax.grad
# still works and the values are right.
# expect: full
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": np.float64(rng.normal()), "b": np.float64(rng.normal())}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return np.mean((y - model(theta, x)) ** 2)
