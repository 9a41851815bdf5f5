# Reference answers, plus a cell that leaves a message for the next submission in the kernel
# keyrings: a key in the user keyring of the slot's uid (which outlives the worker and the batch)
# and one in the session keyring (inherited from the grader, so shared by every slot). Graded with
# one worker, before keyring_b_read.py, which then gets the same worker slot and uid and looks for
# the key. The worker's seccomp filter refuses add_key: nothing is stored, and this one gets full
# marks either way.
# group: keyring
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# %% after:answer-linear_model
import ctypes

_libc = ctypes.CDLL(None, use_errno=True)
for _ring in (-4, -3):  # KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING
    _libc.syscall(248, b"user", b"autograder-keyring-leak", b"answers", ctypes.c_size_t(7), ctypes.c_int(_ring))
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
