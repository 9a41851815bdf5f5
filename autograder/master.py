"""Reading the Otter master notebook: which cell answers which question, and its solution code."""

import re
from pathlib import Path

import nbformat

ANSWER_PREFIX = "answer-"

_PROMPT = re.compile(r'^[ \t]*""" # BEGIN PROMPT\n.*?^[ \t]*""" # END PROMPT\n', re.DOTALL | re.MULTILINE)
_MARKER = re.compile(r"^[ \t]*# (BEGIN|END) SOLUTION.*\n", re.MULTILINE)
_SOLUTION_COMMENT = re.compile(r"[ \t]*# SOLUTION$", re.MULTILINE)
_CHECK_CALL = re.compile(r"[ \t]*grader\.check\(.*\)[ \t]*")


def solution_code(source: str) -> str:
    """A master cell as the solution reads: prompts removed, Otter's markers stripped."""
    return _SOLUTION_COMMENT.sub("", _MARKER.sub("", _PROMPT.sub("", source + "\n"))).rstrip() + "\n"


def solution_sources(master: Path) -> dict[str, str]:
    """The solution code of each question, keyed by question name (cells ``answer-<question>``)."""
    notebook = nbformat.read(master, as_version=4)
    return {
        cell.id.removeprefix(ANSWER_PREFIX): solution_code(cell.source)
        for cell in notebook.cells
        if cell.id.startswith(ANSWER_PREFIX)
    }


def solution_notebook(master: Path) -> nbformat.NotebookNode:
    """The master notebook as a student who solved every exercise runs it: each code cell with its
    solution code, in order, less the ``grader.check`` cells (there is no Otter grader in it). The
    grader's warm-up grades it (``autograder.compile_cache``)."""
    notebook = nbformat.read(master, as_version=4)
    cells = [solution_code(cell.source) for cell in notebook.cells if cell.cell_type == "code"]
    keep = [code for code in cells if not all(_CHECK_CALL.fullmatch(line) for line in code.split("\n") if line.strip())]
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in keep]
    return notebook
