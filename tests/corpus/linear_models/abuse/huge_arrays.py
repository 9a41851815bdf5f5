# Reference answers except linear_model, which returns huge arrays: np.zeros(10**8) (800 MB, within
# the memory limit) and a broadcast view of 10**9 elements (no memory at all). The worker refuses to
# encode more than 5 million elements, so linear_model fails as an exception (the other questions
# use the reference model) and neither the worker nor the grader holds gigabytes.
# expect: linear_model=0:exception
# max-score: 8
# %% answer-linear_model
calls = [0]


def linear_model(theta, x):
    calls[0] += 1
    if calls[0] % 2:
        return np.zeros(10**8)
    return np.broadcast_to(np.float32(0.0), (10**9,))


def good_model(theta, x):
    return theta["w"] * x + theta["b"]
# %% run-loop
import jax


@jax.jit
def fast_step(theta):
    grads = dmseloss(theta, good_model, x, y)
    theta = {k: theta[k] - 0.001 * grads[k] for k in theta}
    return theta, mseloss(theta, good_model, x, y)


losses = []
for _ in range(3000):
    theta, value = fast_step(theta)
    losses.append(value)
