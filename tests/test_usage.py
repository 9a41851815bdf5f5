"""What a worker is charged for its time (``autograder/engine/usage.py``), read from a real process tree.

The engine's end-to-end case is the abuse pair ``cpu_hog_starves_neighbours`` and
``honest_beside_cpu_hog`` in tests/test_engine.py (its batch ``neighbours``).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.engine import usage
from autograder.engine.usage import Usage

HOSTILE_NAME = "a) 1 2 (b"
"""A process name (``comm``, the student's choice) that would shift every field of a naive ``stat`` split."""

TREE = f"""
import os, sys, time
with open("/proc/self/comm", "w") as comm:
    comm.write({HOSTILE_NAME!r})
def spin(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
child = os.fork()
if child == 0:  # spins 0.4 s of processor time, exits and is reaped: its time is in the parent's cutime
    spin(0.4)
    os._exit(0)
os.waitpid(child, 0)
grandchild = os.fork()
if grandchild == 0:  # in a session of its own, spinning until killed
    os.setsid()
    spin(1e9)
print("ready", grandchild, flush=True)
time.sleep(60)
"""


def test_charge_is_processor_time_or_the_wall_clock_not_spent_waiting():
    assert Usage(cpu_s=5.0, waits={1: 1.0}).charge(wall_s=3.0) == 5.0  # many processes: their processor time
    assert Usage(cpu_s=1.0, waits={1: 1.0, 2: 2.0}).charge(wall_s=10.0) == 7.0  # kept off the processors 3 s
    assert Usage(cpu_s=0.0).charge(wall_s=10.0) == 10.0  # asleep: the wall clock


def test_time_once_seen_is_never_given_back():
    before = Usage(cpu_s=4.0, waits={1: 2.0, 2: 1.0})
    after = Usage(cpu_s=3.0, waits={1: 2.5, 3: 0.5}).at_least(before)  # thread 2 ended, a process was reaped
    assert after == Usage(cpu_s=4.0, waits={1: 2.5, 2: 1.0, 3: 0.5})


def test_a_tree_is_charged_its_descendants_and_what_they_reaped():
    with subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        _, grandchild = process.stdout.readline().split()
        try:
            assert (Path("/proc") / str(process.pid) / "comm").read_text().strip() == HOSTILE_NAME
            first = usage.of_tree(process.pid)
            time.sleep(0.5)
            second = usage.of_tree(process.pid)
        finally:
            os.kill(int(grandchild), signal.SIGKILL)
            process.kill()
    assert first.cpu_s >= 0.4, first  # the reaped child's 0.4 s (and the parent's own start)
    assert second.cpu_s >= first.cpu_s + 0.2, (first, second)  # the spinning grandchild
    assert process.pid in second.waits and int(grandchild) not in second.waits  # the root's threads only
    assert usage.of_tree(process.pid) == Usage()  # gone: nothing


@pytest.mark.skipif(not Path("/proc/self/schedstat").exists(), reason="this kernel keeps no run-queue delays")
def test_a_process_kept_off_its_processor_has_waited():
    cpu = min(os.sched_getaffinity(0))
    spin = "import time\nend = time.monotonic() + 1.5\nwhile time.monotonic() < end: pass\n"
    pinned = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2)]
    try:
        for process in pinned:
            os.sched_setaffinity(process.pid, {cpu})
        time.sleep(1.2)
        shares = [usage.of_tree(process.pid) for process in pinned]
    finally:
        for process in pinned:
            process.kill()
            process.wait()
    assert all(share.waited_s > 0.2 for share in shares), shares  # each ran about half the time
