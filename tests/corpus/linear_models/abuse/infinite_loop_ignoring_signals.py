# A cell that never ends and ignores every signal it can: stopped by the time limit (SIGKILL).
# status: timeout
# max-score: 0
# %% after:run-loop
import signal

for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM, signal.SIGUSR1):
    signal.signal(sig, signal.SIG_IGN)
while True:
    pass
