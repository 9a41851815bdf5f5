"""The warm process template: a multiprocessing forkserver that has imported jax and the worker.

Kept free of heavy imports so that the command line can start the template first, and the
template's imports (about a second) run on another core while the grader imports its own.
"""

import multiprocessing
import multiprocessing.forkserver
import os
import threading
from typing import Any

_context: Any = None
_template_lock = threading.Lock()

TEMPLATE_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "JAX_PLATFORMS", "XLA_FLAGS")
"""The only variables the template (hence every worker) inherits: its memory must hold no secret,
since ``os.environ.clear()`` in a worker would not erase the environment block on its stack."""


def template() -> Any:
    """The warm process template, started once: a forkserver that has imported jax and the worker,
    started with a minimal environment."""
    global _context
    with _template_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["autograder.engine.worker"])
            saved, here = dict(os.environ), os.getcwd()
            try:
                os.environ.clear()
                os.environ.update({k: v for k, v in saved.items() if k in TEMPLATE_ENVIRONMENT})
                os.chdir("/")  # its ``-c`` puts the current folder first on its path: nothing there may shadow a module
                multiprocessing.forkserver.ensure_running()
            finally:
                os.chdir(here)
                os.environ.clear()
                os.environ.update(saved)
            _context = context
    return _context
