"""Answer files turned into real student notebooks (the test corpus and the demo's examples).

A corpus file (``tests/corpus/<group>/<name>.py``) holds sections that edit the student notebook
handed out (``assignments/linear_models/linear_models.ipynb``)::

    # expect: mseloss=1:loss-sum-not-mean          (omitted or "full": 10/10)
    # status: timeout                              (abuse cases: the status it must get, default graded)
    # max-score: 0                                 (abuse cases: the most points it may get)
    # %% answer-mseloss                            (replace the cell with this id)
    def mseloss(theta, model, x, y): ...
    # %% after:answer-mseloss                      (insert a new cell after that one)
    1 / 0

Answer cells not replaced get the reference solution from the master notebook, so a file with one
mistake differs from a correct notebook in exactly one place.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.master import ANSWER_PREFIX, solution_sources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
STUDENT_NOTEBOOK = ROOT / "assignments" / "linear_models" / "linear_models.ipynb"
PUBLIC_TABLE = ROOT / "assignments" / "linear_models" / "lmchecks" / "public_cases.json"

_SECTION = re.compile(r"^# %% (\S+)[ \t]*$", re.MULTILINE)


@dataclass
class Entry:
    path: Path
    sections: list[tuple[str, str]]
    expected: dict[str, tuple[float, list[str]]] = field(default_factory=dict)
    status: str = "graded"
    """``# status:`` line: the grading status this submission must get (abuse cases)."""
    max_score: float | None = None
    """``# max-score:`` line: the most points it may get (abuse cases: no forged points)."""

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


def parse(path: Path) -> Entry:
    text = path.read_text()
    expected: dict[str, tuple[float, list[str]]] = {}
    header = re.search(r"^# expect:(.*)$", text, re.MULTILINE)
    if header and header.group(1).strip() != "full":
        for item in header.group(1).split():
            question, rest = item.split("=")
            score, _, codes = rest.partition(":")
            expected[question] = (float(score), [c for c in codes.split(",") if c])
    parts = _SECTION.split(text)
    sections = [(parts[i], parts[i + 1].strip("\n") + "\n") for i in range(1, len(parts), 2)]
    status = re.search(r"^# status: *(\S+)", text, re.MULTILINE)
    max_score = re.search(r"^# max-score: *(\S+)", text, re.MULTILINE)
    limit = float(max_score.group(1)) if max_score else None
    return Entry(path, sections, expected, status.group(1) if status else "graded", limit)


def entries(group: str) -> list[Entry]:
    return [parse(p) for p in sorted((CORPUS / group).glob("*.py"))]


def build(entry: Entry) -> nbformat.NotebookNode:
    """The student notebook with the reference answers, then ``entry``'s edits applied."""
    notebook = nbformat.read(STUDENT_NOTEBOOK, as_version=4)
    solutions = solution_sources()
    for cell in notebook.cells:
        if cell.id.startswith(ANSWER_PREFIX):
            cell.source = solutions[cell.id.removeprefix(ANSWER_PREFIX)]
    for key, source in entry.sections:
        ids = [cell.id for cell in notebook.cells]
        target = key.removeprefix("after:")
        if target not in ids:
            raise KeyError(f"{entry.name}: no cell with id {target!r}")
        index = ids.index(target)
        if key.startswith("after:"):
            new = nbformat.v4.new_code_cell(source)
            new.id = f"extra-{len(ids)}"
            notebook.cells.insert(index + 1, new)
        else:
            notebook.cells[index].source = source
    return notebook
