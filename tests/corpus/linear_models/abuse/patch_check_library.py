# Wrong answers everywhere, plus patches of the grader's own check library as the worker imported it:
# every comparison in autograder.checks.numerics says "close", verdicts score full, and the worker's
# LocalSubmission answers every call with made-up data and every status with "defined". Verdicts
# are computed in the trusted process from the replies, so nothing here can earn a point.
# max-score: 0
# %% answer-linear_model
import numpy as np

import autograder.checks.numerics as numerics
import autograder.lessons.linear_models.questions.linear_model as q_linear_model
import autograder.checks.verdict as verdict
from autograder.checks import plain
from autograder.checks.submission import LocalSubmission, Returned

numerics.close = lambda *args, **kwargs: True
numerics.LOSS_RTOL = numerics.GRAD_RTOL = numerics.NEAR_RTOL = 1e9
verdict.Verdict.score = property(lambda self: self.max_score)
verdict.Verdict.passed = property(lambda self: True)
q_linear_model.findings = lambda layout: []


def fake_call(self, name, *args, **kwargs):
    if name == "linear_model":
        return Returned(plain.encode(np.zeros(100, dtype=np.float32)))
    if name == "model_optimization_loop":
        return Returned(plain.encode(([np.float32(1.0)] * 3000, {"w": np.float32(2.0), "b": np.float32(20.0)})))
    return Returned(plain.encode(np.float32(0.0)))


LocalSubmission.call = fake_call
LocalSubmission.grad_of = lambda self, name, *args: Returned(plain.encode({"w": np.float32(0.0), "b": np.float32(0.0)}))
LocalSubmission.get = lambda self, name: Returned(plain.encode({"w": np.float32(2.0), "b": np.float32(20.0)}))
LocalSubmission.status = lambda self, name: "defined"


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
