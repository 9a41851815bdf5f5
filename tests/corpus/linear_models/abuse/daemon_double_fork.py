# Reference answers, plus a daemon: the cell double-forks, the grandchild calls setsid, closes its
# descriptors, ignores SIGTERM/SIGHUP, sleeps 20 s (past this notebook's grading) and then tries to
# write ABUSE-MARKER files into guessed output and input folders and the project, and to signal
# every process it can see. The worker's PID namespace takes the daemon with it when grading ends:
# the test checks that no process of a worker uid is left and no marker file appears.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:data
import os
import signal
import time

child = os.fork()
if child == 0:
    os.setsid()
    if os.fork():
        os._exit(0)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)
    os.closerange(3, 1024)
    time.sleep(20)
    for folder in ("/work/main/out", "/work/main", "/tmp", "/var/tmp", "/root"):
        try:
            with open(os.path.join(folder, "ABUSE-MARKER-daemon"), "w") as handle:
                handle.write("still here")
        except OSError:
            pass
    try:
        os.kill(-1, signal.SIGKILL)
    finally:
        os._exit(0)
os.waitpid(child, 0)
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
