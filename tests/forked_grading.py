"""Grade trusted notebooks in process children forked from one warm process (tests only).

``python -m autograder.inprocess`` in a fresh interpreter per notebook paid the imports (jax,
IPython, matplotlib, the lessons' checks) once per corpus entry. Here one server process imports
them once, then forks a child per notebook, which executes it and judges it with
``autograder.inprocess.grade``: each notebook still gets a process of its own (x64 mode, patched
modules and jit caches die with the child), and the server never runs jax itself, so forking it is
as safe as forking the engine's process template.

Protocol: one JSON request per line on the server's stdin (``notebook``, ``seed``, ``lesson``,
``public``, ``exact``, ``result``, ``log``); the child writes the report to ``result`` and its output to
``log``; the server answers each request with one line, the child's exit status.

Each child grades the notebook twice: as written (the report), then with the student's gradients
compiled as the engine's workers do (``autograder.accelerate``; the report's ``accelerated``
holds those hidden verdicts and what was compiled), so that every test that grades a corpus
notebook can assert that acceleration changes no verdict. The second pass runs in the same child,
whose jax caches the first pass has warmed, so it costs a fraction of the first. A request with
``exact`` false asks for the compiled pass only (the report is that pass's, with no ``accelerated``).
"""

import json
import os
import select
import subprocess
import sys
import traceback
from pathlib import Path

SERVER = Path(__file__).resolve()


def _serve() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")  # as autograder.execute sets it before any notebook runs
    import IPython.core.interactiveshell  # no shell yet: its history thread must not predate a fork
    import IPython.utils.capture  # noqa: F401
    import jax.numpy  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import tqdm.auto  # noqa: F401 - the student notebook's setup cell

    from autograder import execute, inprocess, lessons

    for name in lessons.NAMES:
        lessons.load(name)
    execute.notebook_sources(b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    for line in sys.stdin:
        request = json.loads(line)
        child = os.fork()
        if child == 0:
            _child(request, inprocess.grade)
        _, status = os.waitpid(child, 0)
        sys.stdout.write(f"{os.waitstatus_to_exitcode(status)}\n")
        sys.stdout.flush()


def _child(request: dict, grade) -> None:
    """Runs in the forked child: grade one notebook, then exit without returning to the server loop."""
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    code = 0
    try:
        os.chdir(Path(request["notebook"]).parent)
        notebook, seed, lesson = Path(request["notebook"]), request["seed"], request["lesson"]
        report = grade(notebook, seed, lesson, request["public"], accelerate=not request["exact"])
        if request["exact"]:
            accelerated = grade(notebook, seed, lesson, accelerate=True)
            report["accelerated"] = {"tests": accelerated["tests"], "acceleration": accelerated["acceleration"]}
        Path(request["result"]).write_text(json.dumps(report))
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def by_question(tests: list[dict]) -> dict[str, tuple[float, list[str]]]:
    """A report's verdicts: each question's score and diagnostic codes."""
    return {test["name"]: (test["score"], test["diagnostics"]) for test in tests}


def assert_acceleration_changes_nothing(report: dict, must_compile: bool) -> None:
    """The compiled pass gave every question the verdict of the pass as written (where the notebook
    was graded both ways); with ``must_compile`` (a notebook whose loop is eager) a gradient must
    actually have been compiled."""
    accelerated = report.get("accelerated")
    if accelerated is None:  # the compiled pass was the only one
        accelerated = report
    else:
        assert by_question(accelerated["tests"]) == by_question(report["tests"]), (accelerated, report["tests"])
    if must_compile:
        assert accelerated["acceleration"]["compiled"] >= 1, accelerated["acceleration"]


class GradingServer:
    """The test side: start the server, send it notebooks one at a time."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=SERVER.parent.parent,
        )

    def grade(
        self, notebook: Path, seed: int, lesson: str, public: bool = False, exact: bool = True, timeout_s: float = 600
    ) -> dict:
        """The report of ``autograder.inprocess.grade`` on ``notebook``, graded in a forked child
        (as written and compiled, or only compiled where ``exact`` is false: see the module docstring)."""
        result, log = notebook.with_suffix(".result.json"), notebook.with_suffix(".log")
        request = {"notebook": str(notebook), "seed": seed, "lesson": lesson, "public": public, "exact": exact}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({**request, "result": str(result), "log": str(log)}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout_s)
        if not ready:
            self.close()
            raise TimeoutError(f"{notebook.name}: not graded in {timeout_s} s")
        status = self.process.stdout.readline().strip()
        output = log.read_text(errors="replace") if log.exists() else ""
        assert status == "0", f"grading {notebook.name} ended with status {status!r}:\n{output[-3000:]}"
        return json.loads(result.read_text())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    sys.path.insert(0, str(SERVER.parent.parent))
    _serve()
