# Wrong answers, plus everything that fooled an Otter-based grader running in the student's kernel:
# otter's Notebook replaced by one whose checks all pass, a fake lmchecks (the public check package)
# and fake Otter results files. The engine ignores the student's otter entirely.
# max-score: 0
# %% otter-00
import json
import os
import sys
import types

import otter


class AlwaysPasses:
    def __init__(self, *args, **kwargs):
        pass

    def check(self, *args, **kwargs):
        return types.SimpleNamespace(grade=1.0, passed=True, score=10, all_passed=True)

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.check()


otter.Notebook = AlwaysPasses
sys.modules["otter"] = otter
fake_checks = types.ModuleType("lmchecks")
fake_checks.check = lambda *args, **kwargs: True
sys.modules["lmchecks"] = fake_checks
grader = otter.Notebook("linear_models.ipynb")
results = {"score": 10, "tests": [{"name": "linear_model", "score": 2, "max_score": 2, "status": "passed"}]}
for path in ("results.json", "/autograder/results/results.json", "/tmp/results.json", "../results.json"):
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as handle:
            json.dump(results, handle)
    except OSError:
        pass
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
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
# %% after:run-loop
grader.check_all()
