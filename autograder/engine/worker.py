"""The sandboxed side of grading: confine, run the notebook, then answer check calls.

Imported once by the warm process template (the forkserver preloads this module, hence jax,
IPython, matplotlib and the reference), then each submission's worker is forked from it. The
worker confines itself (``confine.py``), executes the notebook's code cells, and serves the call
protocol of ``checks.submission`` over a pipe of ``wire`` frames until told to stop. It holds no
secret and no hidden input except the arguments of the calls it is asked to make.
"""

import copy
import os
import resource
import signal
import sys
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from typing import Any

import IPython.core.interactiveshell  # noqa: F401 - preloaded in the template
import jax
import jax.numpy as jnp
import matplotlib
import numpy

matplotlib.use("Agg")
import matplotlib.pyplot

from .. import execute
from ..checks.probes import make_probe
from ..checks.submission import LocalSubmission, Raised
from . import confine, wire

SCRATCH = "/tmp/submission"


@dataclass(frozen=True)
class WorkerConfig:
    """What the trusted side tells a worker: where to work, what to hide, which uid and limits."""

    uid: int
    hide: tuple[str, ...]
    keep: tuple[str, ...]
    limits: confine.Limits


def _quiet_std_streams() -> None:
    """Student output goes nowhere: fds 0-2 point at /dev/null, so floods cost nothing."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _confine(config: WorkerConfig, isolation: confine.Isolation) -> None:
    """Everything before student code; in a new PID namespace this runs in its init process."""
    confine.private_mounts(isolation, list(config.hide), list(config.keep), SCRATCH, config.limits.scratch_mb)
    confine.remount_proc(isolation)
    os.environ.clear()
    os.environ.update(
        {"HOME": SCRATCH, "MPLBACKEND": "Agg", "MPLCONFIGDIR": SCRATCH, "PATH": "/usr/bin:/bin", "TMPDIR": SCRATCH}
    )
    os.chdir(SCRATCH)
    confine.apply_limits(config.limits)
    confine.drop_privileges(isolation, config.uid)


def main(conn: Connection, config: WorkerConfig) -> None:
    """Entry point of a worker process (the target of ``multiprocessing.Process``)."""
    os.setsid()
    _quiet_std_streams()
    confine.close_inherited_fds(conn.fileno())
    isolation = confine.Isolation()
    if confine.enter_namespaces(isolation):
        child = os.fork()
        if child:  # the outer process only mirrors the namespace's init
            conn.close()
            _, status = os.waitpid(child, 0)
            if os.WIFSIGNALED(status):
                os._exit(128 + os.WTERMSIG(status))
            os._exit(os.WEXITSTATUS(status))
        confine.die_with_parent()
    try:
        _confine(config, isolation)
    except OSError as error:
        isolation.notes.append(f"confinement step failed: {error}")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large file raises EFBIG instead of killing
    conn.send_bytes(wire.pack({"op": "ready", "isolation": asdict(isolation)}))
    _serve(conn)
    os._exit(0)


def _serve(conn: Connection) -> None:
    request = wire.unpack(conn.recv_bytes())
    sources = [str(s) for s in request.get("cells", [])]
    started = time.perf_counter()
    run = execute.execute_sources(sources, capture=False)
    errors = [[e.index, e.error] for e in run.errors]
    conn.send_bytes(wire.pack({"op": "executed", "errors": errors, "seconds": time.perf_counter() - started}))
    snapshot = _snapshot(run.namespace)
    granted = _Granted()  # reference functions, handed over question by question
    sub = LocalSubmission(run.namespace, probes=lambda probe: make_probe(probe, granted))
    handlers = {
        "use_template": lambda r: sub.use_template(r["kind"]),
        "call": lambda r: sub.call(r["name"], *r.get("args", []), **r.get("kwargs", {})),
        "grad_of": lambda r: sub.grad_of(r["name"], *r.get("args", [])),
        "get": lambda r: sub.get(r["name"]),
        "status": lambda r: sub.status(r["name"]),
    }
    while True:
        request = wire.unpack(conn.recv_bytes())
        op = request.get("op")
        if op == "bye":  # report peak memory (for benchmarks; grades never depend on it), then exit
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            conn.send_bytes(wire.pack({"op": "stats", "peak_rss_mb": peak_kb / 1024}))
            return
        if op == "grant":  # trusted source of a reference function (see spec.Question.needs)
            scope = {"jnp": jnp, "np": numpy, "grad": jax.grad}
            exec(compile(str(request["source"]), "<reference>", "exec"), scope)
            setattr(granted, str(request["name"]), scope[str(request["name"])])
            _reply(conn, None)
            continue
        if op == "reset":  # a new question starts from the notebook's state, not the last check's
            run.namespace.clear()
            run.namespace.update(_snapshot(snapshot))
            sub = LocalSubmission(run.namespace, probes=sub.probes)
            _reply(conn, None)
            continue
        try:
            outcome = handlers[op](request)
        except Exception as error:  # student code may have tampered with the worker's own objects
            outcome = Raised(type(error).__name__, "the worker failed to answer")
        _reply(conn, outcome)


class _Granted:
    """Holds the reference functions granted so far (hashable, for ``make_probe``'s cache)."""


def _snapshot(namespace: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook's globals deep enough that lists, dicts and arrays a check's calls
    mutate (a stash of the functions passed in, say) are fresh for the next question."""
    copy_ = {}
    for name, value in namespace.items():
        try:
            copy_[name] = copy.deepcopy(value)
        except Exception:  # modules, generators... are shared as they are
            copy_[name] = value
    return copy_


def _reply(conn: Connection, outcome: Any) -> None:
    try:
        frame = wire.pack({"op": "reply", "outcome": outcome})
    except wire.ProtocolError as error:
        frame = wire.pack({"op": "reply", "outcome": Raised("UnsendableValue", str(error)[:200])})
    conn.send_bytes(frame)


if __name__ == "__main__":
    sys.exit("the worker is started by the engine, not run directly")
