"""What a worker's processes have cost in time, read from /proc: the measure a submission is charged.

Why: the wall clock alone charges a submission for its neighbours. Workers share the machine's
processors, and one submission that starts many spinning processes slows every other worker graded
beside it (and the grader, which then asks more slowly); on the wall clock an honest notebook then
ran out of time (0/10 beside 24 spinning processes, with 2 workers and a 20 s limit). So a worker is
charged ``Usage.charge``: the processor time of all its processes, or the wall clock the grader
spent waiting on it less the time the threads of its serving process waited, runnable, for a
processor (the kernel's run-queue delay, ``/proc/PID/task/TID/schedstat``), whichever is more. A
notebook that sleeps is charged the wall clock, as before; one kept off the processors by others
is not charged for that wait, nor for the grader's own time between its questions; one that spins
many processes is charged all of them, so it reaches its limit sooner. ``Sandbox`` still stops any
worker at a hard wall-clock cap, a multiple of the limit (``Limits.wall_s``).

A worker's processes are its outer process and every descendant: in its PID namespace an orphan is
adopted by the namespace's init, which descends from the outer process, so none leaves the tree,
and what an exited process used is in the ``cutime`` of whoever reaped it (the kernel reaps, and
counts nowhere, only the children of a process that ignores SIGCHLD, which the worker's syscall
filter does not let it do: ``seccomp.DENIED_UNLESS_NULL``). Process names are the
student's (``comm``), so a ``stat`` line is read from its last parenthesis. Nothing read here comes
from student code except through the kernel's own accounting.
"""

import math
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

TICKS_PER_S = os.sysconf("SC_CLK_TCK")
NS_PER_S = 1e9


@dataclass(frozen=True)
class Usage:
    """``cpu_s``: user and system time of the processes, and of the children they reaped; ``waits``:
    each thread's time spent runnable, waiting for a processor, by thread id."""

    cpu_s: float = 0.0
    waits: Mapping[int, float] = field(default_factory=dict)

    @property
    def waited_s(self) -> float:
        """The threads' waits together: a worker's work passes from thread to thread (jax computes
        in threads of its own), so a wait on any of them may have held it back."""
        return sum(self.waits.values())

    def charge(self, wall_s: float) -> float:
        """Seconds charged after the grader waited ``wall_s`` on the worker (see the module docstring)."""
        return max(self.cpu_s, wall_s - self.waited_s)

    def at_least(self, other: "Usage") -> "Usage":
        """Never less than ``other``: a thread or a process that ended (and, for a process, was reaped
        outside the tree) takes its time with it, which must not give a submission time back."""
        waits = {tid: max(self.waits.get(tid, 0.0), other.waits.get(tid, 0.0)) for tid in {*self.waits, *other.waits}}
        return Usage(max(self.cpu_s, other.cpu_s), waits)


def _read(path: str) -> bytes | None:
    """A /proc file's bytes (os calls, not pathlib: a pass reads one file per process), None if gone."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, seconds of processor time with reaped children) of ``pid``, or None if it is gone."""
    line = _read(f"/proc/{pid}/stat")
    if line is None:
        return None
    fields = line[line.rfind(b")") + 2 :].split()  # after "pid (comm) ": state, ppid, ... (fields 3 on of proc(5))
    try:
        ppid = int(fields[1])
        ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    except (IndexError, ValueError):
        return None
    return ppid, ticks / TICKS_PER_S


class ProcessTable:
    """Every process's parent and processor time, from one pass over /proc that serves every caller
    within ``max_age_s``: sandboxes graded at once each read their worker's tree from the same pass,
    so the cost of reading does not grow with the number of workers."""

    def __init__(self, max_age_s: float):
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self._taken = -math.inf
        self._stats: dict[int, tuple[int, float]] = {}
        self._children: dict[int, list[int]] = {}

    def _refresh(self) -> None:
        """Read /proc again; without one, no process is found and a worker is charged the wall clock."""
        try:
            names = os.listdir("/proc")
        except OSError:
            names = []
        stats = {int(name): stat for name in names if name.isdigit() and (stat := _stat(name))}
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        self._stats, self._children, self._taken = stats, children, time.monotonic()

    def _current(self) -> tuple[dict[int, tuple[int, float]], dict[int, list[int]]]:
        with self._lock:
            if time.monotonic() - self._taken >= self.max_age_s:
                self._refresh()
            return self._stats, self._children

    def children(self, pid: int) -> list[int]:
        return list(self._current()[1].get(pid, []))

    def tree(self, root: int) -> dict[int, float]:
        """Processor time of ``root`` and of each of its descendants, by pid."""
        stats, children = self._current()
        found, pending = {}, [root] if root in stats else []
        while pending:
            pid = pending.pop()
            found[pid] = stats[pid][1]
            pending.extend(children.get(pid, []))
        return found


def _waits(pid: int) -> dict[int, float]:
    """The run-queue delay of each of ``pid``'s threads (none where the kernel does not keep it)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return {}
    waits = {}
    for tid in threads:
        line = _read(f"/proc/{pid}/task/{tid}/schedstat")
        try:
            waits[int(tid)] = int(line.split()[1]) / NS_PER_S if line else 0.0
        except (IndexError, ValueError):
            continue
    return waits


def of_tree(root: int, table: ProcessTable | None = None, waits_of: int | None = None) -> Usage:
    """The processor time of process ``root`` and all its descendants, from ``table``'s pass over
    /proc (by default a fresh one), and the waits of the threads of ``waits_of`` (default ``root``):
    the process that does the work the grader waits for. Only its own threads are excused their
    waits; a submission's other processes would otherwise buy it time by crowding each other."""
    tree = (table or ProcessTable(0.0)).tree(root)
    return Usage(sum(tree.values()), _waits(root if waits_of is None else waits_of) if tree else {})
