# The model is jnp.polyval(theta, x): theta is the coefficient array [w, b], highest power first,
# which is exactly w * x + b. Init from np.random.randn (float64, global numpy state).
# expect: full
# %% answer-linear_model
def linear_model(theta, x):
    return jnp.polyval(theta, x)
# %% answer-initialize_linear_params
def initialize_linear_params():
    return jnp.array(np.random.randn(2))
# %% example-gradient
dmseloss(jnp.array([0.3, 0.5]), linear_model, x, y)
