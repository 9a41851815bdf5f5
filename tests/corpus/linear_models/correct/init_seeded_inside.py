# initialize_linear_params seeds its own generator inside the function: the same values at every
# call, but drawn (all their digits), not hard-coded, so it is random enough.
# expect: full
# %% answer-initialize_linear_params
def initialize_linear_params():
    generator = np.random.default_rng(42)
    w, b = generator.normal(size=2).astype(np.float32)
    return {"w": w, "b": b}
