# Wrong answers, plus fake results everywhere a grader might read them: full-score JSON records
# (results.jsonl lines, Otter and Gradescope results) printed to stdout and stderr and written as raw
# bytes to fds 1 and 2, and fake results.jsonl / grades.csv / gradebook / feedback files written to
# the scratch folder, /tmp, $HOME and guessed output folders. Worker output goes to /dev/null and
# results come only from the trusted side, so this earns nothing and no file appears outside.
# max-score: 0
# passes: accelerated
# %% answer-linear_model
import json
import os
import sys

record = {
    "status": "graded",
    "score": 10.0,
    "max_score": 10.0,
    "tests": [{"name": n, "score": s, "max_score": s, "diagnostics": []} for n, s in
              [("linear_model", 2.0), ("initialize_linear_params", 1.0), ("mseloss", 2.0), ("dmseloss", 2.0),
               ("model_optimization_loop", 3.0)]],
}
line = json.dumps(record)
print(line)
print(line, file=sys.stderr)
os.write(1, (line + "\n").encode())
os.write(2, (line + "\n").encode())
print(json.dumps({"score": 10, "output": "All tests passed!"}))
fakes = {
    "results.jsonl": line + "\n",
    "results.json": json.dumps({"score": 10, "tests": record["tests"]}),
    "grades.csv": "file,student,total_points_earned\nme,me,10\n",
    "gradebook.sqlite": "not a database",
    "feedback/ABUSE-MARKER.md": "10 / 10",
    "ABUSE-MARKER-results": line,
}
folders = [
    ".",
    "/tmp",
    os.path.expanduser("~"),
    "/work/main/out",
    "/work/main/out/demo",
    "/work/main",
    "/autograder/results",
    "/root",
    "/tmp/pytest-of-root",
]
for folder in folders:
    for name, text in fakes.items():
        try:
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as handle:
                handle.write(text)
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
    print(line)
    return [jnp.float32(0.0)] * n_steps, theta
# %% run-loop
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
