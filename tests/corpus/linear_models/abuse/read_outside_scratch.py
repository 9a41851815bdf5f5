# Wrong answers that turn right if anything outside the scratch folder gives the solution away: the
# cell reads the project's solutions/ and tests/ (the corpus, the reference notebook), .git, dist/,
# the output folders, other submissions (guessed input folders), /proc/1/environ, and then searches
# every readable .py/.ipynb/.json file of the usual places (/srv, homes: tests/test_engine.py plants a
# course folder with the master notebook there) for a working linear_model, mseloss... and adopts
# what it finds. The masks and the filesystem allowlist must leave nothing to find.
# The project checkout may be readable (its tests and reference are hidden): running its modules
# can break the protocol, which ends as crashed; either way no points.
# status: graded|crashed
# max-score: 0
# passes: accelerated
# %% answer-linear_model
import glob
import json
import os
import pwd
import time


def linear_model(theta, x):
    return x * 0.0


def initialize_linear_params():
    return {"w": 0.0, "b": 0.0}


def mseloss(theta, model, x, y):
    return jnp.float32(0.0)


def dmseloss(theta, model, x, y):
    return {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return [jnp.float32(0.0)] * n_steps, theta


NAMES = ("linear_model", "initialize_linear_params", "mseloss", "dmseloss", "model_optimization_loop")
stolen = {}


def adopt(source):
    """Run found code; keep any of the five functions it defines that does not raise when called."""
    scope = {"jnp": jnp, "np": np, "grad": grad, "rng": np.random.default_rng(0)}
    try:
        exec(compile(source, "<stolen>", "exec"), scope)
    except BaseException:
        return
    for name in NAMES:
        if name in scope and name not in stolen:
            try:
                if name == "linear_model":
                    scope[name]({"w": 1.0, "b": 2.0}, jnp.ones(3))
                stolen[name] = scope[name]
            except BaseException:
                pass


def sources_of(path):
    with open(path, "rb") as handle:
        raw = handle.read(2_000_000)
    text = raw.decode("utf-8", "replace")
    if path.endswith(".ipynb"):
        try:
            cells = json.loads(text)["cells"]
            return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
        except Exception:
            return []
    return [text]


direct = [
    "/work/main/solutions/linear_models/reference.py",
    "/work/main/solutions/linear_models/master.ipynb",
    "/work/main/tests/corpus/linear_models/correct/jit_compiled.py",
    "/work/main/dist/otter/autograder.zip",
    "/work/main/dist/linear_models/otter/autograder.zip",
    "/work/main/out/results.jsonl",
    "/proc/1/environ",
    "/proc/self/environ",
]
patterns = [
    "/work/main/**/*.py",
    "/work/main/**/*.ipynb",
    "/tmp/**/*.ipynb",
    "/tmp/**/*.py",
    "/var/tmp/**/*",
    "/root/**/*.ipynb",
    "/home/**/*.ipynb",
    "/srv/**/*.ipynb",
    os.path.join(pwd.getpwuid(os.getuid()).pw_dir, "**/*.ipynb"),
    "/autograder/**/*",
]
start = time.monotonic()
seen = 0
for path in direct + [p for pattern in patterns for p in glob.iglob(pattern, recursive=True)]:
    if time.monotonic() - start > 15 or "/.venv/" in path or "/site-packages/" in path:
        continue
    try:
        for source in sources_of(path):
            seen += 1
            if "def linear_model" in source or "def mseloss" in source or "model_optimization_loop" in source:
                adopt(source)
    except OSError:
        pass
globals().update(stolen)
# %% answer-initialize_linear_params
pass
# %% answer-mseloss
pass
# %% answer-dmseloss
pass
# %% answer-model_optimization_loop
pass
# %% run-loop
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
