"""The warm process template: a multiprocessing forkserver that has imported jax and the worker.

Kept free of heavy imports so that the command line can start the template first, and the
template's imports (about a second) run on another core while the grader imports its own.

Every worker is forked from the template, so the template's memory is the workers' memory: the
environment it is started with lies on every worker's stack, where ``os.environ.clear()`` in a
worker cannot erase it, and the copies Python made of it at start-up lie in the heap. The grader's
environment may hold its course secret, so the template is always started with only
``TEMPLATE_ENVIRONMENT``. multiprocessing itself starts a new forkserver, with the calling
process's environment, whenever it finds the old one dead; here that restart goes through the same
minimal environment. The template never imports the grader's main module, nor does any worker
(``template_setup``).
"""

import contextlib
import ctypes
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

_context: Any = None
_template_lock = threading.RLock()

TEMPLATE_ENVIRONMENT = ("PATH", "PYTHONPATH", "LANG", "LC_ALL", "JAX_PLATFORMS", "XLA_FLAGS")
"""The only variables of the grader's environment that the template (hence every worker) inherits:
none holds a secret, and PYTHONPATH is where the grader may import this package from (a checkout
the grading user reaches only through it), which the template's preload needs too."""

SAFE_PATH = {"PYTHONSAFEPATH": "1"}
"""The template runs ``python -c``, which would put the grader's current folder first on its import
path: nothing there may shadow a module (``-P``)."""


def template() -> Any:
    """The warm process template, started once (and again if it dies) with a minimal environment:
    a forkserver that has imported jax and the worker."""
    global _context
    with _template_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["autograder.engine.template_setup", "autograder.engine.worker"])
            server = multiprocessing.forkserver._forkserver
            start = server.ensure_running  # the stdlib's: starts one if none runs or the last one died
            server.ensure_running = lambda: _ensure_running(server, start)
            server.ensure_running()
            _context = context
    return _context


def _ensure_running(server: Any, start: Callable[[], None]) -> None:
    """Start the forkserver in the minimal environment unless it is running: the stdlib calls this
    before each new process, and would otherwise restart a dead one in the grader's environment."""
    with _template_lock:
        pid = server._forkserver_pid
        if pid is not None and os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            return  # alive (WNOWAIT leaves a dead one for ``start`` to reap)
        with _minimal_environment():
            start()


@contextlib.contextmanager
def _minimal_environment() -> Iterator[None]:
    """This process's environment holds only ``TEMPLATE_ENVIRONMENT`` (and ``SAFE_PATH``) inside,
    then what ``os.environ`` held before. The C library's environment is cleared too: variables a
    library set natively (readline sets LINES and COLUMNS) are not in ``os.environ``, so clearing
    ``os.environ`` alone would pass them on; they are not restored."""
    saved = dict(os.environ)
    try:
        ctypes.CDLL(None).clearenv()
        os.environ.clear()
        os.environ.update({k: v for k, v in saved.items() if k in TEMPLATE_ENVIRONMENT} | SAFE_PATH)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
