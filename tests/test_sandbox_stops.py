"""A sandbox that stopped stays stopped (``Sandbox._framed``).

A stop (time used up, protocol broken) can leave a frame half read. The checks take any failure of a
call as the submission's, and the picture's layout search swallows them all, so the next call read
the rest of the interrupted frame as a new one: a submission whose notebook ended at its limit was
recorded ``crashed`` ("a frame of 1023410176 bytes") instead of ``timeout``.
"""

import pytest

from autograder.engine.confine import Limits
from autograder.engine.sandbox import Sandbox, SandboxDiedError, SandboxTimeoutError


@pytest.mark.parametrize("stop", [SandboxTimeoutError(), SandboxDiedError("worker broke the protocol")])
def test_every_operation_after_a_stop_raises_it_again(stop, monkeypatch):
    box = Sandbox(Limits(timeout_s=1.0), slot=0, hide=[])
    frames = iter([stop, {"op": "reply", "outcome": "the rest of the interrupted frame"}])

    def receive_frame():
        frame = next(frames)
        if isinstance(frame, Exception):
            raise frame
        return frame

    monkeypatch.setattr(box, "_receive_frame", receive_frame)
    monkeypatch.setattr(box, "_send_frame", lambda message: None)
    with pytest.raises(type(stop)):
        box.request("call", name="linear_model")
    with pytest.raises(type(stop)):  # caught by the checks, then asked again
        box.request("call", name="linear_model")
    with pytest.raises(type(stop)):
        box.finish()
