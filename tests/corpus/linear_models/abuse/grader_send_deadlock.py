# Reference answers, except that the first time the checks call mseloss, the call takes over the
# worker's end of the pipe (the `conn` local of worker._serve, reached through the call stack): a
# thread answers every request that will come with the same well-formed reply (an array of 1.5
# million float32), and the worker's main thread then sleeps for ever, so no request is read again.
# The loss check soon asks for the notebook's globals x and y (the forged 6 MB arrays) and sends
# them back in a call of about 12 MB, which fills the socket's buffer. The grader once wrote frames
# with a blocking send and no deadline: its thread blocked for ever (the worker sleeps, so its CPU
# limit never fires), and the batch never ended. Every write now waits against the deadline: the
# submission times out with the points of the checks done before.
# status: timeout
# max-score: 3
# group: stalled-grader
# %% answer-mseloss
def mseloss(theta, model, x, y):
    import sys, threading
    if x.shape[0] != 100:  # any call of the checks (the notebook's own data has 100 points)
        frame = sys._getframe(1)
        while frame is not None and "conn" not in frame.f_locals:
            frame = frame.f_back
        if frame is not None:
            import numpy as _np
            from autograder.engine import wire
            from autograder.checks import plain
            from autograder.checks.submission import Returned
            conn = frame.f_locals["conn"]
            big = wire.pack({"op": "reply", "outcome": Returned(plain.encode(_np.linspace(-1, 1, 1_500_000, dtype=_np.float32)))})

            def stream():
                while True:
                    conn.send_bytes(big)

            threading.Thread(target=stream, daemon=True).start()
            threading.Event().wait()  # the main thread never reads another request
    return jnp.mean((model(theta, x) - y) ** 2)
