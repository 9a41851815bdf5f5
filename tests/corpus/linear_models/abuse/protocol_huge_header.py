# Wrong answers, and a frame forged on the worker's end of the pipe (found with gc): well formed, but
# its JSON header is megabytes of tiny values. Such a frame (62 MB, 4.4 million small dicts) took the
# grader from 180 MB to 1.7 GB; the header is now capped before it is parsed, so this is a protocol
# violation of this submission only (crashed), at no cost to the grader.
# status: crashed
# max-score: 0
# %% answer-linear_model
def linear_model(theta, x):
    return x * 0.0
# %% run-loop
import gc
import struct
from multiprocessing.connection import Connection

header = ('{"map":{"op":"reply","outcome":{"seq":[' + ",".join(['{"map":{}}'] * 400_000) + "]}}}").encode()
for conn in [o for o in gc.get_objects() if isinstance(o, Connection)]:
    conn.send_bytes(struct.pack("<II", len(header), 0) + header)
losses, theta = [], theta
