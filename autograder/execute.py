"""Run a notebook's code cells in this process with IPython semantics, for grading.

Magics (``%matplotlib inline``, ``%autoreload``, ``%timeit``...) work, plots go to the headless Agg
backend, a cell that raises is recorded and the next cell runs anyway (as "Run All" with errors
allowed), and Otter's ``grader`` calls are inert: grading never depends on the student's copy of
the checks. This is the executor of the engine's sandbox process and of in-process tests; it does
no isolation of its own.
"""

import contextlib
import os
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nbformat


@dataclass
class CellError:
    index: int
    error: str


@dataclass
class Execution:
    """The notebook's globals after the run, and the cells that raised (by code-cell index)."""

    namespace: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def notebook_sources(content: bytes) -> list[str]:
    """The code cells of a notebook file's bytes; raises ValueError (one line) if it is not one."""
    try:
        return [str(source) for source in code_cells(nbformat.reads(content.decode("utf-8"), as_version=4))]
    except Exception as error:
        raise ValueError(f"not a readable Jupyter notebook ({type(error).__name__})") from None


class _InertGrader:
    """Stands in for ``otter.Notebook``: every method accepts anything and does nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _inert_otter() -> types.ModuleType:
    module = types.ModuleType("otter")
    module.Notebook = _InertGrader
    return module


_shell = None
PLAIN_TEXT = "text/plain"
"""The one display format a grading shell computes: nothing reads a cell's rich output, and drawing
each figure the notebook shows as a PNG (``%matplotlib inline`` does after every cell) was a large
share of a small notebook's grading."""


def _get_shell():
    """One headless IPython shell per process, created on first use."""
    global _shell
    if _shell is None:
        os.environ.setdefault("MPLBACKEND", "Agg")
        from IPython.core.interactiveshell import InteractiveShell

        class HeadlessShell(InteractiveShell):
            def enable_gui(self, gui: str | None = None) -> None:
                """No event loop to hook: ``%matplotlib inline`` only needs this not to raise."""

        _shell = HeadlessShell.instance(colors="nocolor")
        _shell.display_formatter.active_types = [PLAIN_TEXT]
    return _shell


def execute(notebook: nbformat.NotebookNode) -> Execution:
    """Run every code cell of ``notebook`` in a fresh namespace; see the module docstring."""
    return execute_sources(code_cells(notebook))


def execute_sources(
    sources: list[str], capture: bool = True, before_cell: Callable[[dict[str, Any]], None] | None = None
) -> Execution:
    """Run code cell sources in order in a fresh namespace, recording the cells that raise.

    With ``capture`` the cells' output is collected in memory and dropped (in-process use); a
    sandboxed worker passes False, its standard streams already point at /dev/null, so a flood of
    output costs no memory. ``before_cell`` is called with the namespace before each cell (the
    worker's accelerator forgets what it compiled: a cell may reassign what a function reads).
    """
    from IPython.utils.capture import capture_output

    shell = _get_shell()
    shell.reset(new_session=False)
    sys.modules["otter"] = _inert_otter()
    result = Execution(shell.user_ns)
    with capture_output(display=True) if capture else contextlib.nullcontext():
        for index, source in enumerate(sources):
            if before_cell is not None:
                before_cell(result.namespace)
            outcome = shell.run_cell(source, store_history=False)
            error = outcome.error_before_exec or outcome.error_in_exec
            if error is not None:
                result.errors.append(CellError(index, type(error).__name__))
    return result
