"""The grading executor (``autograder/execute.py``): IPython semantics, cells that raise, figures.

Each case runs in a fresh interpreter: the executor's shell and matplotlib's backend are process-wide."""

import json
import subprocess
import sys
import textwrap

from corpus import ROOT

CELLS = [
    "%matplotlib inline\nimport matplotlib.pyplot as plt\ndrawn = []",
    textwrap.dedent("""\
        fig, ax = plt.subplots()
        draw = fig.draw
        fig.draw = lambda renderer: (drawn.append(1), draw(renderer))
        ax.plot([1, 2, 3])
        fig"""),
    "open_after_cell = plt.get_fignums()\n1 / 0",
    "ran_after_error = True\n%time total = sum(range(10))",
]


def _run(cells: list[str]) -> dict:
    script = textwrap.dedent(f"""\
        import json
        from autograder.execute import execute_sources
        run = execute_sources({cells!r})
        names = ("drawn", "open_after_cell", "ran_after_error", "total")
        print(json.dumps({{"errors": [[e.index, e.error] for e in run.errors],
                           **{{name: run.namespace.get(name) for name in names}}}}))
        """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_cells_run_as_in_jupyter_and_figures_are_closed_without_being_drawn():
    """``%matplotlib inline`` shows every figure after its cell and closes it (Jupyter's behaviour,
    kept: a notebook may count on a fresh figure); the grader renders no picture of it (nothing
    reads one, and making the PNG drew the figure five times, where matplotlib's own redraw of an
    interactive figure after a cell leaves one)."""
    run = _run(CELLS)
    assert run["errors"] == [[2, "ZeroDivisionError"]]
    assert run["open_after_cell"] == [], "the inline backend closes the figures a cell showed"
    assert len(run["drawn"]) <= 1, "the figure was drawn to make a picture of it"
    assert run["ran_after_error"] is True and run["total"] == 45
