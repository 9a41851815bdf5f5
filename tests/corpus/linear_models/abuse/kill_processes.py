# Reference answers, plus attempts to kill everything else: os.kill(-1, SIGKILL), the namespace's
# init (pid 1, which is this worker), the parent (getppid), the process group, and every pid up to
# 4096 with SIGKILL and SIGSTOP. Nothing outside the submission's PID namespace can be reached, the
# worker itself survives (init ignores its own SIGKILL), and the other worker of the batch and its
# honest submission are unaffected.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:answer-linear_model
import os
import signal

for target, sig in ((-1, signal.SIGKILL), (1, signal.SIGKILL), (os.getppid(), signal.SIGKILL), (0, signal.SIGKILL)):
    try:
        os.kill(target, sig)
    except OSError:
        pass
try:
    os.killpg(os.getpgid(0), signal.SIGKILL)
except OSError:
    pass
for pid in range(2, 4097):
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
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
