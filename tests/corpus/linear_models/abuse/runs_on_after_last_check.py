# Right answers; the worker's code run when grading ends (after the last verdict, as the worker
# measures its memory) is replaced by a sleep. A stop there was ignored: the submission held its
# worker slot up to the hard wall-clock cap and was recorded graded. It is now stopped at its limit
# and recorded timeout, every question keeping its points.
# group: works-then-hangs
# status: timeout
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# %% after:data
import sys
import time

worker = sys.modules["autograder.engine.worker"]
worker._memory = lambda: time.sleep(10**6)
