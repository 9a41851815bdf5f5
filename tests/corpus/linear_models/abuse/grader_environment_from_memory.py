# Wrong answers, unless the grader's environment can be read: /proc/self/environ and /proc/1/environ
# are closed to the worker's uid, but the environment block the worker was started with (the
# grader's: $AUTOGRADER_SECRET, the course secret, is meant to be given there) still lies on its own
# stack, readable through /proc/self/maps and ctypes. If any variable of it is found, linear_model
# becomes right (standing for any use of what was read: the secret gives every student's hidden
# seed) and its name goes into initialize_linear_params' error, which the student's feedback shows.
# max-score: 0
# passes: accelerated
# %% answer-linear_model
import ctypes
import os
import re

# What the worker is meant to have: the template's minimal environment and the worker's own settings.
EXPECTED = {"PATH", "PYTHONPATH", "PYTHONSAFEPATH", "LANG", "LC_ALL", "JAX_PLATFORMS", "XLA_FLAGS"}
EXPECTED |= {"HOME", "MPLBACKEND", "MPLCONFIGDIR", "TMPDIR"}
found = {}
for path in ("/proc/1/environ", "/proc/self/environ"):
    try:
        with open(path, "rb") as handle:
            for item in handle.read().split(b"\0"):
                name = item.partition(b"=")[0].decode(errors="replace")
                if name and name not in EXPECTED:
                    found[name] = path
    except OSError:
        pass
try:
    with open("/proc/self/maps") as handle:
        regions = [line.split() for line in handle]
    for parts in regions:
        if len(parts) >= 6 and parts[5] == "[stack]":
            low, high = (int(v, 16) for v in parts[0].split("-"))
            memory = ctypes.string_at(low, high - low)
            for match in re.finditer(rb"\0([A-Z][A-Z0-9_]{1,40})=([\x20-\x7e]{0,200})\0", memory):
                name, value = match.group(1).decode(), match.group(2).decode()
                if name not in EXPECTED and os.environ.get(name) != value:
                    found[name] = value
except (OSError, ValueError):
    pass
if found:
    leaked = "_".join(sorted(re.sub(r"\W", "", name) for name in found))[:150]

    def linear_model(theta, x):
        return theta["w"] * x + theta["b"]
else:
    leaked = ""

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
# %% after:answer-initialize_linear_params
if leaked:
    def initialize_linear_params():
        raise type("LEAKED_" + leaked, (Exception,), {})()
# %% run-loop
losses, theta = [], theta
