# Correct answers, then globals built to break the student's report, which draws the notebook's
# `losses` and `theta` before the questions are judged: losses that mix numbers, infinities, NaN and
# markup; a theta at the largest float32 values (its fitted line overflows). The grade must be the
# questions' (the notebook's own theta is far off: one point), the report written without the parts
# that cannot be drawn, and nothing in it rendered.
# status: graded
# max-score: 9
# expect: model_optimization_loop=2:notebook-theta-off
# %% after:run-loop
losses = [1e38, float("inf"), float("nan"), -1e38, "<script>alert(1)</script>"] * 1000
theta = {"w": jnp.float32(3.4e38), "b": jnp.float32(-3.4e38)}
