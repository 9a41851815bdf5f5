"""The worker's outer process turns the grader's SIGTERM into the end of the namespace's init and
reaps it (``worker._mirror``), with a pidfd or, on kernels without one, the pid."""

import contextlib
import os
import signal
import time

import pytest

from autograder.engine import worker


@pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")  # the children run no jax, only system calls
@pytest.mark.parametrize("pidfd", [True, False])
def test_sigterm_to_the_mirror_kills_and_reaps_the_init(pidfd, monkeypatch):
    if not pidfd:
        monkeypatch.setattr(os, "pidfd_open", lambda pid: (_ for _ in ()).throw(OSError(38, "ENOSYS")))
    ready_r, ready_w = os.pipe()
    mirror = os.fork()
    if mirror == 0:  # the outer process: fork the stand-in for the namespace's init, then mirror it
        init = os.fork()
        if init == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # student code may ignore SIGTERM
            while True:
                time.sleep(1)
        os.write(ready_w, init.to_bytes(4, "big"))
        worker._mirror(init)
    init = int.from_bytes(os.read(ready_r, 4), "big")
    try:
        time.sleep(0.2)  # let the mirror install its handler
        os.kill(mirror, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while (ended := os.waitpid(mirror, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ended[0] == mirror, "the mirror did not end after SIGTERM"
        assert os.waitstatus_to_exitcode(ended[1]) == 128 + signal.SIGKILL, "it reports the init's SIGKILL"
        with pytest.raises(ProcessLookupError):  # reaped by the mirror, not left as a zombie
            os.kill(init, 0)
    finally:
        for pid in (init, mirror):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
