# The student draws their own data, as the lesson invites ("replace my b_true and w_true with
# whatever you want"): another line and other noise. The notebook's own run is judged against the
# best fit of these data, not the lesson's.
# expect: full
# %% data
data_rng = np.random.default_rng(31337)
x = jnp.linspace(-5, 5, 100, dtype=jnp.float32)
w_true, b_true = -1.5, 4.0
y = w_true * x + b_true + 2.0 * data_rng.normal(size=100).astype(np.float32)
