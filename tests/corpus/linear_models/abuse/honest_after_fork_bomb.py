# Reference answers, graded right after fork_bomb.py in the same worker slot (the batch has one
# worker): whatever the fork bomb left behind (processes of the slot's uid, its per-uid process
# count) must not touch this submission, which must get full marks.
# group: slot-reuse
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
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
