# Reference answers, and the worker's cost report patched to say NaN and Infinity: those numbers were
# written into results.jsonl as bare NaN/Infinity, which is not JSON. Costs a worker reports are
# student-controlled: they must be read as finite numbers in range, or not at all.
# expect: full
# max-score: 10
# %% after:run-loop
import sys

_worker = sys.modules.get("autograder.engine.worker")
if _worker is not None:
    _worker._memory = lambda: {"peak_rss_mb": float("nan"), "private_mb": float("inf"), "calls_s": -1e308}
