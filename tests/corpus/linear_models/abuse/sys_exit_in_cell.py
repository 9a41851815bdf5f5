# Reference answers, with cells that try to stop the run early: sys.exit(), raise SystemExit(3),
# exit(), quit(), raise KeyboardInterrupt and a bare BaseException subclass. Each is recorded as that
# cell's error and the following cells still run, so the whole notebook is graded (full marks).
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:setup-imports
import sys

sys.exit()
# %% after:data
raise SystemExit(3)
# %% after:answer-linear_model
exit()
# %% after:answer-mseloss
quit()
# %% after:answer-dmseloss
raise KeyboardInterrupt
# %% after:answer-model_optimization_loop
class Escape(BaseException):
    pass


raise Escape()
# %% run-loop
import jax


@jax.jit
def fast_step(theta):
    grads = dmseloss(theta, linear_model, x, y)
    theta = {k: theta[k] - 0.001 * grads[k] for k in theta}
    return theta, mseloss(theta, linear_model, x, y)


losses = []
for _ in range(3000):
    theta, value = fast_step(theta)
    losses.append(value)
