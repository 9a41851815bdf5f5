# Wrong answers, plus writes outside the scratch folder: new files (named ABUSE-MARKER*) and appended
# lines in the project (README.md, the autograder package, a sitecustomize.py and a .pth file in the
# virtual environment that every later Python run would execute), in solutions/ and tests/, in the
# output folders and guessed input folders, in the course folder tests/test_engine.py plants in /srv
# or the user's home (its notes writable by everyone; only that folder: a run without the allowlist
# must not damage the home of whoever runs the tests), and through a symlink made in the scratch
# folder. All of it must fail: the test looks for the markers and checks the notes afterwards.
# max-score: 0
# passes: accelerated
# %% answer-linear_model
import glob
import os
import pwd
import site
import sys

payload = "import os; open('/tmp/ABUSE-MARKER-sitecustomize', 'w').close()\n"
targets = [
    "/work/main/ABUSE-MARKER",
    "/work/main/autograder/ABUSE-MARKER.py",
    "/work/main/autograder/engine/ABUSE-MARKER.py",
    "/work/main/solutions/ABUSE-MARKER.py",
    "/work/main/tests/ABUSE-MARKER.py",
    "/work/main/out/ABUSE-MARKER",
    "/work/main/dist/ABUSE-MARKER",
    "/work/main/.git/ABUSE-MARKER",
    "/work/main/assignments/ABUSE-MARKER",
    os.path.join(sys.prefix, "ABUSE-MARKER"),
    "/root/ABUSE-MARKER",
    "/etc/ABUSE-MARKER",
    "/ABUSE-MARKER",
]
targets += [os.path.join(p, "sitecustomize.py") for p in site.getsitepackages()]
targets += [os.path.join(p, "ABUSE-MARKER.pth") for p in site.getsitepackages()]
targets += [os.path.join(p, "ABUSE-MARKER") for p in glob.glob("/tmp/pytest-of-root/*/*")]
for top in ("/srv", pwd.getpwuid(os.getuid()).pw_dir):
    for course in glob.glob(os.path.join(top, "autograder-instructor-*")):
        targets += [os.path.join(course, "ABUSE-MARKER"), *glob.glob(os.path.join(course, "*"))]
for path in targets:
    try:
        with open(path, "a") as handle:
            handle.write(payload)
    except OSError:
        pass
for path in ("/work/main/README.md", "/work/main/autograder/__init__.py", "/work/main/pyproject.toml"):
    try:
        with open(path, "a") as handle:
            handle.write("\n# ABUSE-MARKER\n")
    except OSError:
        pass
    try:
        os.chmod(path, 0o777)
    except OSError:
        pass
try:
    os.symlink("/work/main", "escape")
    with open("escape/ABUSE-MARKER-symlink", "w") as handle:
        handle.write(payload)
except OSError:
    pass


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
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
