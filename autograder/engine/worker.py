"""The sandboxed side of grading: confine, run the notebook, then answer check calls.

Imported once by the warm process template (the forkserver preloads this module, hence jax,
IPython, matplotlib and every lesson's checks), then each submission's worker is forked from it. The
worker confines itself (``confine.py``), executes the notebook's code cells, and serves the call
protocol of ``checks.submission`` over a pipe of ``wire`` frames until told to stop. It holds no
secret and no hidden input except the arguments of the calls it is asked to make.
"""

import contextlib
import copy
import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn

import IPython.core.interactiveshell  # noqa: F401 - preloaded in the template
import jax
import jax.numpy as jnp
import matplotlib
import numpy

matplotlib.use("Agg")
import matplotlib.pyplot

from .. import accelerate, compile_cache, execute, lessons
from ..checks.submission import LocalSubmission, Raised
from . import confine, wire

SCRATCH = "/tmp/submission"

execute.notebook_sources(b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
"""Parsed once in the template: nbformat reads its JSON schemas from disk on first use, which a
confined worker (private /tmp, hidden folders, another uid) may no longer reach."""

GRAD = jax.grad
"""jax's own ``grad``, for the granted reference functions (student code may get the accelerator's)."""

LESSONS = {name: lessons.load(name) for name in lessons.NAMES}
"""Every lesson's checks, imported once in the template (never a reference: those are granted)."""


def _quiet_std_streams() -> None:
    """Student output goes nowhere: fds 0-2 point at /dev/null, so floods cost nothing."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _confine(config: confine.WorkerConfig, isolation: confine.Isolation) -> None:
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


def main(conn: Connection, config: confine.WorkerConfig) -> None:
    """Entry point of a worker process (the target of ``multiprocessing.Process``)."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # exited children wait to be reaped, their time counted
    confine.die_with_parent()  # the template ends with the grader, however the grader ended (even SIGKILL)
    _quiet_std_streams()
    confine.close_inherited_fds(conn.fileno())
    isolation = confine.Isolation()
    if confine.enter_namespaces(isolation):
        child = os.fork()
        if child:
            conn.close()
            _mirror(child)
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


def _mirror(child: int) -> NoReturn:
    """The outer process, outside the PID namespace, mirrors the namespace's init (``child``).

    The grader ends a worker with SIGTERM to this process, which kills the init (and so the whole
    namespace) and reaps it here: killed any other way, the init would be left as a zombie for the
    host's init to reap, which can take seconds, and the slot's uid would not be free until then."""
    try:
        handle = os.pidfd_open(child)  # a pid may be reused once reaped; a pidfd never points elsewhere
    except OSError:  # Linux before 5.3: the pid, used only until the child is reaped (then SIG_DFL)
        handle = None

    def end_namespace(*_: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            if handle is None:
                os.kill(child, signal.SIGKILL)
            else:
                signal.pidfd_send_signal(handle, signal.SIGKILL)

    signal.signal(signal.SIGTERM, end_namespace)
    _, status = os.waitpid(child, 0)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


def _serve(conn: Connection) -> None:
    request = wire.unpack(conn.recv_bytes(), text=str)
    lesson = LESSONS[str(request["lesson"])]
    try:  # parsed here, under the sandbox's limits: a hostile notebook can cost the grader nothing
        sources = execute.notebook_sources(numpy.asarray(request["notebook"], dtype=numpy.uint8).tobytes())
    except ValueError as error:
        conn.send_bytes(wire.pack({"op": "invalid", "reason": str(error)}))
        return
    fill = request.get("fill_cache") is True
    cache = _use_compile_cache(compile_cache.from_wire(request.get("compile_cache")), fill)
    accelerator = accelerate.Accelerator() if request.get("accelerate") is True else None
    if accelerator is not None:
        accelerator.install()
    started = time.perf_counter()
    run = execute.execute_sources(sources, capture=False, before_cell=accelerator.start_cell if accelerator else None)
    errors = [[e.index, e.error] for e in run.errors]
    conn.send_bytes(wire.pack({"op": "executed", "errors": errors, "seconds": time.perf_counter() - started}))
    snapshot = _snapshot(run.namespace)
    granted = _Granted()  # reference functions, handed over question by question
    scope = {"jax": jax, "jnp": jnp, "np": numpy, "grad": GRAD}  # what reference functions may use
    sub = LocalSubmission(run.namespace, probes=lambda probe: lesson.probe(probe, granted))
    handlers = {
        "use_template": lambda r: sub.use_template(r["kind"], r["init"], r["model"]),
        "call": lambda r: sub.call(r["name"], *r.get("args", []), **r.get("kwargs", {})),
        "grad_of": lambda r: sub.grad_of(r["name"], *r.get("args", [])),
        "get": lambda r: sub.get(r["name"]),
        "status": lambda r: sub.status(r["name"]),
    }
    calls_s = 0.0  # time spent answering check calls, i.e. running student code for the checks
    while True:
        request = wire.unpack(conn.recv_bytes(), text=str)
        op = request.get("op")
        if op == "bye":  # report costs (for benchmarks; grades never depend on them), then exit
            compiled = accelerator.stats.compiled if accelerator else 0
            fallbacks = len(accelerator.stats.fallbacks) if accelerator else 0
            stats = {"calls_s": calls_s, "compiled": compiled, "fallbacks": fallbacks, **_memory()}
            conn.send_bytes(wire.pack({"op": "stats", **stats}))
            return
        if op == "compiled":  # asked of the warm-up worker only, which runs the lesson's solution
            entries = compile_cache.read(cache) if cache is not None and fill else {}
            conn.send_bytes(wire.pack({"op": "compiled", "entries": compile_cache.to_wire(entries)}))
            continue
        if op == "grant":  # trusted source of a reference function (see spec.Question.needs)
            exec(compile(str(request["source"]), "<reference>", "exec"), scope)  # may call earlier grants
            setattr(granted, str(request["name"]), scope[str(request["name"])])
            _reply(conn, None)
            continue
        if op == "reset":  # a new question starts from the notebook's state, not the last check's
            run.namespace.clear()
            run.namespace.update(_snapshot(snapshot))
            if accelerator is not None:
                accelerator.clear()
            sub = LocalSubmission(run.namespace, probes=sub.probes)
            _reply(conn, None)
            continue
        started = time.perf_counter()
        try:
            outcome = handlers[op](request)
        except Exception as error:  # student code may have tampered with the worker's own objects
            outcome = Raised(type(error).__name__, "the worker failed to answer")
        calls_s += time.perf_counter() - started
        _reply(conn, outcome)


def _use_compile_cache(entries: dict[str, bytes], fill: bool) -> Path | None:
    """This worker's own copy of the batch's compiled programs (``autograder.compile_cache``), in its
    private scratch folder, before jax compiles anything; ``fill``: the warm-up, whose compilations
    are kept there to be read back. None when there is nothing to use or it cannot be written."""
    if not entries and not fill:
        return None
    try:
        folder = Path(tempfile.mkdtemp(prefix="compile-cache-", dir=SCRATCH if os.path.isdir(SCRATCH) else None))
        compile_cache.write(folder, entries)
    except OSError:
        return None
    compile_cache.configure(str(folder), fill)
    return folder


def _memory() -> dict[str, float]:
    """Peak resident memory (MiB), and the memory only this worker holds at the end: its private
    pages. The rest of its resident pages are shared with the template and the other workers
    (jaxlib's code, the preloaded modules), so they cost the machine once, not once per worker."""
    private_kb = 0
    try:
        with open("/proc/self/smaps_rollup") as handle:
            private_kb = sum(int(line.split()[1]) for line in handle if line.startswith("Private_"))
    except OSError:
        pass
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"peak_rss_mb": peak_kb / 1024, "private_mb": private_kb / 1024}


class _Granted:
    """Holds the reference functions granted so far (hashable, for the lesson's probe cache)."""


def _snapshot(namespace: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook's globals deep enough that lists, dicts and arrays a check's calls
    mutate (a stash of the functions passed in, say) are fresh for the next question.

    jax arrays are immutable, so they are shared, not copied: copying the lesson's list of 3000
    losses alone took 0.13 s, once per question."""
    try:
        leaves = jax.tree_util.tree_leaves(list(namespace.values()))
        shared = {id(leaf): leaf for leaf in leaves if isinstance(leaf, jax.Array)}
    except Exception:  # a pytree node of the student's that fails to flatten
        shared = {}
    copy_ = {}
    for name, value in namespace.items():
        try:
            copy_[name] = copy.deepcopy(value, dict(shared))  # the memo: "already copied"
        except Exception:  # modules, generators... are shared as they are
            copy_[name] = value
    return copy_


def _reply(conn: Connection, outcome: Any) -> None:
    try:
        frame = wire.pack({"op": "reply", "outcome": outcome})
    except wire.ProtocolError as error:
        frame = wire.pack({"op": "reply", "outcome": Raised("UnsendableValue", str(error)[:200])})
    if len(frame) > wire.MAX_REPLY:  # the grader would refuse it: say so instead of breaking the protocol
        frame = wire.pack({"op": "reply", "outcome": Raised("TooLargeError", "the value is too large to send")})
    conn.send_bytes(frame)


if __name__ == "__main__":
    sys.exit("the worker is started by the engine, not run directly")
