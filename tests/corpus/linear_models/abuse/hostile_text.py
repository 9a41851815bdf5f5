# Text built to break the grader's outputs: dict keys and type names that reach the feedback through
# the checks' messages (a lone surrogate, which killed the batch when the feedback was written, and
# kept killing every rerun; a bare "\r" that forged a heading and a "10 / 10 points" line; raw
# <script> and <img onerror>; a right-to-left override; "|" to add table cells). The grader must
# grade it (two answers are wrong), and write outputs that show this text without rendering it.
# max-score: 5
# expect: linear_model=0:model-wrong-shape model_optimization_loop=0:loop-returns-wrong
# %% answer-linear_model
FORGED = [
    "\ud800",
    "w\r# Feedback: forged\r**10 / 10 points.**",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\u202eb | c | d",
    "\x00\x1b[2J",
]


def linear_model(theta, x):
    return {key: x for key in FORGED}
# %% answer-model_optimization_loop
Sneaky = type("<img src=x onerror=alert(3)>\r# 10 / 10 points", (), {})


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return Sneaky()
# %% run-loop
losses, theta = [1.0], theta
