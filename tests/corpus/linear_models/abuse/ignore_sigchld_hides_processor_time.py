# Right answers, then a cell that ignores SIGCHLD and starts chains of short-lived spinning processes
# (each spins 30 ms, forks its successor and exits): the kernel reaps an ignored child itself, and
# its processor time then goes into no one's cutime, so none of it was charged (engine/usage.py)
# and the submission took the machine from its neighbours for 3 times its limit. The syscall filter
# refuses a new SIGCHLD action (engine/seccomp.py): the cell raises and no spinner starts.
# group: neighbours
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# %% after:data
import os
import signal
import time

signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for _ in range(8):
    if os.fork() == 0:
        while True:
            end = time.process_time() + 0.03
            while time.process_time() < end:
                pass
            if os.fork():
                os._exit(0)
time.sleep(10**6)
