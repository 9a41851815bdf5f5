"""The trusted side of one submission's worker: start it, talk to it, end it.

``Sandbox`` forks a worker from the warm template (a multiprocessing forkserver that preloaded
``worker``), sends it the notebook's code cells, and offers ``RemoteSubmission``, the call protocol
of the checks, over a pipe of ``wire`` frames. Frames are read here byte by byte against the
submission's time limit (raw bytes, never unpickled) and capped in size. The limit counts what the
worker is charged (``usage``: its processes' processor time, or the wall clock it did not spend
waiting for a processor), read every ``CHARGE_EVERY_S`` while the grader waits, under a hard cap on
the wall clock (``Limits.wall_s``). Whatever happens, ``close`` kills the worker and, with it, every
process the submission started.
"""

import math
import os
import select
import shutil
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from .. import compile_cache
from ..checks import plain
from ..checks.submission import Arg, Outcome, Raised, Returned
from ..compile_cache import Compiled
from . import usage, wire
from .confine import Limits, WorkerConfig
from .template import template
from .uids import worker_uid

KEEP = tuple(sorted({os.path.realpath(sys.prefix), str(Path(__file__).resolve().parents[2])}))
"""Folders a worker keeps importing from: the environment and the project holding this package."""


STATS = ("calls_s", "peak_rss_mb", "private_mb", "compiled", "fallbacks")
"""What a worker reports of its costs when it ends (see ``worker._memory``) and of its accelerator
(functions compiled, functions sent back to eager execution: ``accelerate.Stats``)."""
MAX_COST = 1e7
"""Largest cost (seconds, MiB) a worker may report; anything else reads as 0."""
MAX_CELL_ERRORS = 100_000
"""Most cell errors a worker may report (one per code cell at most)."""


def cost(value: Any) -> float:
    """A cost the worker reported (student code can patch it): a finite number in [0, MAX_COST], else 0."""
    if type(value) not in (int, float) or not math.isfinite(value) or not 0 <= value <= MAX_COST:
        return 0.0
    return float(value)


CHARGE_EVERY_S = 0.5
"""How often a worker's usage is read while the grader waits on it."""
PROCESSES = usage.ProcessTable(max_age_s=CHARGE_EVERY_S)
"""One pass over /proc at most every ``CHARGE_EVERY_S``, shared by the sandboxes of a batch."""
EXIT_GRACE_S = 2.0
"""How long a worker may take to end after "bye" or SIGTERM before it gets SIGKILL."""


class SandboxTimeoutError(Exception):
    """The submission used up its time (``Limits.timeout_s`` charged, or ``Limits.wall_s`` on the clock)."""


class NotebookInvalidError(Exception):
    """The worker could not read the file as a notebook (before any student code ran)."""


class SandboxDiedError(Exception):
    """The worker exited or broke the protocol; ``exitcode`` is its status (negative: a signal)."""

    def __init__(self, message: str, exitcode: int | None = None):
        super().__init__(message)
        self.exitcode = exitcode


_live: set["Sandbox"] = set()
_stopping = threading.Event()
"""Set by ``kill_all``: a sandbox that starts afterwards is killed at once."""
_live_lock = threading.Lock()


def kill_all() -> None:
    """Kill every running worker (Ctrl-C). Only a signal is sent: each grading thread sees its pipe
    close and cleans up its own sandbox, so no two threads ever join the same process."""
    with _live_lock:
        _stopping.set()
        running = list(_live)
    for box in running:
        box.end()


@dataclass
class ExecutionReport:
    cell_errors: list[tuple[int, str]] = field(default_factory=list)
    isolation: dict = field(default_factory=dict)
    seconds: float = 0.0
    """How long the notebook's own cells ran, as the worker measured it."""


class Sandbox:
    """One submission's worker. Use as a context manager; see the module docstring."""

    def __init__(self, limits: Limits, slot: int, hide: list[str]):
        self.limits = limits
        self.uid = worker_uid(slot)
        self.pid_namespace = False
        self.started = self.charged_at = time.monotonic()
        self.deadline = self.started + limits.wall_s
        """The hard cap: the worker is stopped then, whatever it was charged."""
        self.usage = usage.Usage()
        self.waited_on_s = 0.0
        self.stopped: SandboxTimeoutError | SandboxDiedError | None = None
        self.config = WorkerConfig(uid=self.uid, hide=tuple(hide), keep=KEEP, limits=limits)
        self.process: Any = None
        self.conn: Connection | None = None
        self.finished = False

    def __enter__(self) -> "Sandbox":
        parent, child = template().Pipe(duplex=True)
        self.process = template().Process(target=_worker_main, args=(child, self.config), daemon=True)
        self.process.start()
        child.close()
        os.set_blocking(parent.fileno(), False)  # every read and write waits in select, within its time
        self.conn = parent
        with _live_lock:
            _live.add(self)
            if _stopping.is_set():
                self.end()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- protocol --------------------------------------------------------------------------------

    def _check_time(self, waited_on_s: float) -> None:
        """Raise ``SandboxTimeoutError`` once the worker is past its hard cap or, read at most every
        ``CHARGE_EVERY_S``, has been charged its limit (``usage``) for the ``waited_on_s`` seconds
        the grader has waited on it."""
        now = time.monotonic()
        if now >= self.deadline:
            raise SandboxTimeoutError()
        if now - self.charged_at >= CHARGE_EVERY_S and self.process is not None:
            self.charged_at = now
            root = self.process.pid  # in a PID namespace, its one child (the namespace's init) serves the calls
            serving = next(iter(PROCESSES.children(root)), root) if self.pid_namespace else root
            self.usage = usage.of_tree(root, PROCESSES, waits_of=serving).at_least(self.usage)
            if self.usage.charge(waited_on_s) >= self.limits.timeout_s:
                raise SandboxTimeoutError()

    def _wait_until(self, fd: int, writable: bool) -> None:
        """Return once ``fd`` is readable (or ``writable``), checking the worker's time as it waits.
        Only this waiting counts as the worker's wall clock (``waited_on_s``): the time the grader
        takes between a reply and its next request is the grader's, however slow it is."""
        entered = time.monotonic()
        try:
            while True:
                self._check_time(self.waited_on_s + time.monotonic() - entered)
                wait = max(min(self.deadline - time.monotonic(), CHARGE_EVERY_S), 0)
                ready = select.select([], [fd], [], wait)[1] if writable else select.select([fd], [], [], wait)[0]
                if ready:
                    return
        finally:
            self.waited_on_s += time.monotonic() - entered

    def _read_exactly(self, size: int) -> bytes:
        """``size`` bytes from the worker, within its time (a stalled frame cannot hang the grader)."""
        assert self.conn is not None
        chunks, missing = [], size
        while missing:
            self._wait_until(self.conn.fileno(), writable=False)
            chunk = os.read(self.conn.fileno(), min(missing, 1 << 20))
            if not chunk:
                self.process.join(timeout=2)
                raise SandboxDiedError("worker ended", self.process.exitcode)
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _framed(self, operation: Callable[[], Any]) -> Any:
        """``operation`` (one frame read or written), unless the sandbox has already stopped: a stop
        may leave a frame half read or half written, and code that caught it (a check that takes
        any failure as the submission's) must not go on to read the rest as the next frame. Every
        later operation raises the stop again."""
        if self.stopped is not None:
            raise self.stopped
        try:
            return operation()
        except (SandboxTimeoutError, SandboxDiedError) as error:
            self.stopped = error
            raise

    def _receive(self) -> dict:
        return self._framed(self._receive_frame)

    def _receive_frame(self) -> dict:
        """One frame in ``multiprocessing.Connection``'s framing (the worker sends with ``send_bytes``)."""
        (size,) = struct.unpack("!i", self._read_exactly(4))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read_exactly(8))
        if not 0 <= size <= wire.MAX_REPLY:
            raise SandboxDiedError(f"worker broke the protocol: a frame of {size} bytes")
        try:
            return wire.unpack(self._read_exactly(size))
        except wire.ProtocolError as error:
            raise SandboxDiedError(f"worker broke the protocol: {error}") from None

    def _send(self, message: dict) -> None:
        self._framed(lambda: self._send_frame(message))

    def _send_frame(self, message: dict) -> None:
        """One frame in ``multiprocessing.Connection``'s framing, written within the worker's time: a
        worker that stops reading cannot block the grader in a full pipe (the socket is non-blocking)."""
        assert self.conn is not None
        payload = wire.pack(message)
        size = len(payload)
        header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
        frame, fd = memoryview(header + payload), self.conn.fileno()
        while frame:
            self._wait_until(fd, writable=True)
            try:
                frame = frame[os.write(fd, frame[: 1 << 20]) :]
            except BlockingIOError:
                continue
            except OSError:
                self.process.join(timeout=2)
                raise SandboxDiedError("worker ended", self.process.exitcode) from None

    def _expect(self, *ops: str) -> dict:
        """The next message, which must be one of ``ops``."""
        message = self._receive()
        if message.get("op") not in ops:
            raise SandboxDiedError(f"worker sent {message.get('op')!r} where {' or '.join(map(repr, ops))} was due")
        return message

    def run_notebook(
        self, notebook: bytes, lesson: str, accelerate: bool = True, compiled: Compiled | None = None
    ) -> ExecutionReport:
        """Confine the worker, have it parse the notebook file and run its code cells (the checks of
        the lesson named ``lesson`` then answer calls there), with the student's gradients compiled
        if ``accelerate`` (``autograder.accelerate``) and jax's programs read from ``compiled``'s
        entries where they are there (``autograder.compile_cache``); returns cell errors and what
        isolation was achieved. Raises ``NotebookInvalidError`` for a file that is not a notebook
        (parsed in the worker, so its cost is bounded by the sandbox's limits)."""
        ready = self._expect("ready")  # sent before any student code runs: its report is trustworthy
        self.pid_namespace = "pid" in ready.get("isolation", {}).get("namespaces", [])
        notebook_array = np.frombuffer(notebook, dtype=np.uint8)
        cache = compile_cache.to_wire(compiled.entries) if compiled else {}
        fill = compiled is not None and compiled.fill
        message = {"op": "run", "lesson": lesson, "accelerate": accelerate, "notebook": notebook_array}
        self._send({**message, "compile_cache": cache, "fill_cache": fill})
        executed = self._expect("executed", "invalid")
        if executed["op"] == "invalid":  # still before any student code: the parser's own verdict
            raise NotebookInvalidError(str(executed.get("reason", "not a readable Jupyter notebook"))[:200])
        errors = executed.get("errors", [])
        if type(errors) is not list or len(errors) > MAX_CELL_ERRORS:
            raise SandboxDiedError("worker broke the protocol: a bad list of cell errors")
        try:
            cell_errors = [(int(i), str(e)[:100]) for i, e in errors]
        except (TypeError, ValueError, ArithmeticError):
            raise SandboxDiedError("worker broke the protocol: a bad cell error") from None
        seconds = cost(executed.get("seconds"))
        return ExecutionReport(cell_errors, ready.get("isolation", {}), seconds)

    def request(self, op: str, **fields: Any) -> Any:
        self._send({"op": op, **fields})
        return self._expect("reply").get("outcome")

    def compiled(self) -> dict[str, bytes]:
        """The programs a warm-up worker compiled (``Compiled.fill``); bytes that are only stored and
        handed to later workers, never interpreted here."""
        self._send({"op": "compiled"})
        return compile_cache.from_wire(self._expect("compiled").get("entries"))

    def finish(self) -> dict[str, float]:
        """Tell the worker grading is over; returns what it reports as it exits (``STATS``: numbers
        for benchmarks and the instructor's record, read as such and nothing else)."""
        self._send({"op": "bye"})
        stats = self._expect("stats")
        self.finished = True
        return {key: cost(stats.get(key)) for key in STATS}

    # -- ending ------------------------------------------------------------------------------------

    def end(self) -> None:
        """Signal the worker to end now. In a PID namespace, SIGTERM reaches the outer process,
        which kills the namespace's init and reaps it (``worker._mirror``); without one the worker
        runs student code itself, which could ignore SIGTERM, so it gets SIGKILL."""
        if self.process is not None and self.process.is_alive():
            if self.pid_namespace:
                self.process.terminate()
            else:
                self.process.kill()

    def close(self) -> None:
        """End the worker (its PID namespace goes with it) and sweep the slot's uid when root."""
        with _live_lock:
            _live.discard(self)
        if self.conn is not None:
            self.conn.close()
        if self.process is not None:
            if self.finished:  # told "bye": the worker is exiting by itself
                self.process.join(timeout=EXIT_GRACE_S)
            self.end()
            self.process.join(timeout=EXIT_GRACE_S)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout=5)
            if os.getuid() == 0:  # a backstop: the PID namespace normally took everything with it
                _kill_all_of_uid(self.uid)
                _wait_until_gone(self.uid)


def _worker_main(conn: Connection, config: WorkerConfig) -> None:
    from . import worker

    worker.main(conn, config)


def _kill_all_of_uid(uid: int) -> None:
    """``kill -9 -1`` as ``uid``: ends every process a submission left, even outside its namespace."""
    setpriv = shutil.which("setpriv")
    if setpriv:
        subprocess.run(
            [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "/bin/kill", "-9", "-1"],
            capture_output=True,
            timeout=10,
            check=False,
        )


def _uid_processes(uid: int) -> int:
    """How many processes (zombies included) ``uid`` has, from /proc. Read as bytes: a process's
    name (``Name:``) is any bytes its owner chose, and one that is not UTF-8 once made every
    sandbox closing while it lived crash."""
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_bytes().splitlines()
        except OSError:
            continue
        if any(line.startswith(b"Uid:") and line.split()[1:2] == [str(uid).encode()] for line in lines):
            count += 1
    return count


def _wait_until_gone(uid: int, patience_s: float = 10.0) -> None:
    """Wait for the kernel to finish killing and reaping a worker uid's processes, so the next
    submission in this slot starts under its process limit (a fork bomb's hundreds take a moment)."""
    deadline = time.monotonic() + patience_s
    while _uid_processes(uid) and time.monotonic() < deadline:
        _kill_all_of_uid(uid)
        time.sleep(0.05)


class RemoteSubmission:
    """The checks' ``Submission`` protocol, answered by a sandboxed worker."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self._names: set[str] | None = set()

    def names_so_far(self) -> frozenset[str]:
        """Every name (dict key, namedtuple, class name) in what the worker has returned until now,
        and no more are collected: taken before any hidden input is sent, they are the names a hidden
        check's message may show (``Context.names``)."""
        names, self._names = frozenset(self._names or ()), None
        return names

    def _outcome(self, value: Any) -> Outcome:
        if self._names is not None and isinstance(value, Returned):
            self._names |= plain.names(value.value)
        if isinstance(value, Returned | Raised):
            return value
        return Raised("ProtocolError", "the worker answered with something other than an outcome")

    def reset(self) -> None:
        self.sandbox.request("reset")

    def use_template(self, kind: str, init: str, model: str) -> Outcome:
        return self._outcome(self.sandbox.request("use_template", kind=kind, init=init, model=model))

    def call(self, name: str, *args: Arg, **kwargs: Arg) -> Outcome:
        return self._outcome(self.sandbox.request("call", name=name, args=list(args), kwargs=kwargs))

    def grad_of(self, name: str, *args: Arg) -> Outcome:
        return self._outcome(self.sandbox.request("grad_of", name=name, args=list(args)))

    def get(self, name: str) -> Outcome:
        return self._outcome(self.sandbox.request("get", name=name))

    def status(self, name: str) -> str:
        value = self.sandbox.request("status", name=name)
        return value if type(value) is str and value in ("missing", "placeholder") else "defined"
