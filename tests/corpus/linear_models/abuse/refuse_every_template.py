# Correct answers, and the worker's LocalSubmission.use_template patched to raise: the checks can
# build no theta structure at all (not even a plain dict) to call the model with (or pass theta to
# the loss and loop: those raise too; the gradient, checked by its values, keeps its points). The grader must
# still give each question a verdict (the model cannot be called: no points for it), not fail
# internally and report the submission as crashed.
# max-score: 2
# expect: linear_model=0:exception
# %% after:answer-model_optimization_loop
from autograder.checks.submission import LocalSubmission


def _refuse(self, kind, init, model):
    raise RuntimeError("no templates today")


LocalSubmission.use_template = _refuse
