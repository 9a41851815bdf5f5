# Wrong answers, plus files written where the sandbox leaves the machine's own disk writable: the
# world-writable /var/tmp and /run/lock are not masked, so 64 MiB files (the per-file limit) could
# be written there without end, outliving the worker and escaping the 256 MiB scratch quota. This
# writes five of them (320 MiB) named ABUSE-MARKER*: none may exist after grading.
# max-score: 0
# passes: accelerated
# %% answer-linear_model
def linear_model(theta, x):
    return x * 0.0
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0.0, "b": 0.0}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.float32(0.0)
# %% answer-dmseloss
dmseloss = lambda theta, model, x, y: {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return [jnp.float32(0.0)] * n_steps, theta
# %% run-loop
chunk = b"\0" * (16 * 2**20)
for folder in ("/var/tmp", "/run/lock"):
    for index in range(5 if folder == "/var/tmp" else 1):
        try:
            with open(f"{folder}/ABUSE-MARKER-disk-{index}", "wb") as handle:
                for _ in range(4):
                    handle.write(chunk)
        except OSError:
            break
losses, theta = [], theta
