# Right answers, then a cell that starts 24 processes, each in a session of its own, spinning until
# the worker is killed, while the notebook itself sleeps. Graded with honest_beside_cpu_hog.py in a
# batch of 2 workers on a machine of 2 cores: on the wall clock the honest notebook timed out (0/10),
# as a limit per process or per uid does not stop a submission from taking every processor. Each
# worker is now charged its own processes' processor time (engine/usage.py): this one reaches its
# limit first, and the honest one is not charged the time it waited for a processor. The spinners
# are named with bytes that are not UTF-8: the grader, reading every process's status as text when
# a sandbox closed, crashed every neighbour graded while they lived.
# group: neighbours
# status: timeout
# max-score: 0
# %% after:data
import ctypes
import os
import time

for _ in range(24):
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(b"\xff\xfe spin"), 0, 0, 0)  # PR_SET_NAME
        try:
            os.setsid()
        except OSError:
            pass
        while True:
            pass
time.sleep(10**6)
