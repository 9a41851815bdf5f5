# Reference answers, graded right after keyring_a_store.py in the same worker slot (and uid): a cell
# searches the user and session keyrings for the key that one stored. If it is there, the keyrings
# are a channel between submissions, and this one breaks its own linear_model so its score shows
# the leak (full marks are expected: the seccomp filter refuses add_key and keyctl).
# group: keyring
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# %% after:answer-linear_model
import ctypes

_libc = ctypes.CDLL(None, use_errno=True)
_found = [
    _libc.syscall(250, 10, ctypes.c_int(ring), b"user", b"autograder-keyring-leak", 0)  # KEYCTL_SEARCH
    for ring in (-4, -3)  # KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING
]
if max(_found) >= 0:

    def linear_model(theta, x):
        return x * 0.0
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
