# Correct answers, and every method of the worker's LocalSubmission patched to raise (building theta,
# calling a function, taking a gradient, reading a global, telling whether a function is defined),
# each check then sees nothing but errors. Every question must still get a verdict (status graded,
# no points), never an internal error of the grader.
# max-score: 0
# %% after:answer-model_optimization_loop
from autograder.checks.submission import LocalSubmission


def _refuse(*args, **kwargs):
    raise RuntimeError("refused")


for _name in ("use_template", "call", "grad_of", "get", "status", "missing_reason"):
    setattr(LocalSubmission, _name, _refuse)
