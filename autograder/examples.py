"""Answer files turned into real student notebooks (the test corpus and the demo's examples).

An answer file (``<group>/<name>.py``: the demo's examples ship in each lesson's ``examples/``
folder, the test corpus is ``tests/corpus/<lesson>/``) holds sections that edit the lesson's
student notebook as handed out::

    # expect: mseloss=1:loss-sum-not-mean          (omitted or "full": 10/10)
    # public: mseloss=1:loss-not-squared           (where the public checks differ from "expect")
    # loop: master                                 (the test corpus: keep the master's own loop)
    # passes: accelerated                          (the test corpus: grade it only as the engine does by default)
    # status: timeout                              (abuse cases: the status it must get, default graded)
    # max-score: 0                                 (abuse cases: the most points it may get)
    # group: keyring                               (abuse cases: the batch it is graded in)
    # %% answer-mseloss                            (replace the cell with this id)
    def mseloss(theta, model, x, y): ...
    # %% after:answer-mseloss                      (insert a new cell after that one)
    1 / 0

Answer cells not replaced get the reference solution from the lesson's master notebook, so a file
with one mistake differs from a correct notebook in exactly one place. A caller may give default
sections for cells an entry leaves alone (the test corpus's compiled loop: see ``tests/corpus.py``);
``# loop: master`` asks for the master's own loop all the same.

The test corpus grades each notebook twice, as written and with the student's gradients compiled
(``autograder.accelerate``, the engine's default), and requires the same verdicts. ``# passes:
accelerated`` asks for the compiled pass only: an entry about the shape of theta that writes its own
eager loop would spend most of its time in that loop as written (3000 eager steps in the notebook);
the pass as written runs in the entries about the loop. An abuse case marked so is an attack on the
sandbox alone, which compiled gradients do not touch: the engine's tests grade it with them only.

The public checks (``grader.check`` in the student's kernel) see less than the hidden ones: a
mistake must cost points on the same questions there, and ``# public:`` lists the questions whose
public verdict differs from ``# expect:`` (another code, or a mistake the public inputs cannot show).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .checks import Lesson
from .master import ANSWER_PREFIX, solution_sources

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
    public: dict[str, tuple[float, list[str]]] = field(default_factory=dict)
    """``# public:`` line: questions whose public verdict is not the one ``expected`` gives."""
    loop: str = ""
    """``# loop:`` line: ``master`` keeps the master notebook's loop where defaults would replace it."""
    passes: str = ""
    """``# passes:`` line: ``accelerated`` for an entry graded only with its gradients compiled."""
    group: str = ""
    """``# group:`` line: the engine test's batch an abuse case is graded in (see tests/test_engine.py)."""

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


def _verdicts(text: str, key: str) -> dict[str, tuple[float, list[str]]]:
    """The ``# key: question=score:code,code ...`` line of ``text`` (none, or ``full``: empty)."""
    verdicts: dict[str, tuple[float, list[str]]] = {}
    header = re.search(rf"^# {key}:(.*)$", text, re.MULTILINE)
    if header and header.group(1).strip() != "full":
        for item in header.group(1).split():
            question, rest = item.split("=")
            score, _, codes = rest.partition(":")
            verdicts[question] = (float(score), [c for c in codes.split(",") if c])
    return verdicts


def _header(text: str, key: str) -> str | None:
    """The one word of the ``# key: word`` line of ``text``, if it has one."""
    found = re.search(rf"^# {key}: *(\S+)", text, re.MULTILINE)
    return found.group(1) if found else None


def parse(path: Path) -> Entry:
    text = path.read_text()
    parts = _SECTION.split(text)
    sections = [(parts[i], parts[i + 1].strip("\n") + "\n") for i in range(1, len(parts), 2)]
    max_score = _header(text, "max-score")
    return Entry(
        path,
        sections,
        _verdicts(text, "expect"),
        _header(text, "status") or "graded",
        float(max_score) if max_score else None,
        _verdicts(text, "public"),
        _header(text, "loop") or "",
        _header(text, "passes") or "",
        _header(text, "group") or "",
    )


def entries(folder: Path) -> list[Entry]:
    """The answer files directly in ``folder``, by name."""
    return [parse(p) for p in sorted(folder.glob("*.py"))]


def examples(lesson: Lesson, group: str) -> list[Entry]:
    """The demo's examples of ``lesson`` in ``group`` (``correct``, ``mistakes``), shipped with the package."""
    return entries(lesson.package_dir / "examples" / group)


def build(
    entry: Entry, lesson: Lesson, student_notebook: Path, defaults: Sequence[tuple[str, str]] = ()
) -> nbformat.NotebookNode:
    """``student_notebook`` (the lesson's, as handed out) with the reference answers, then the
    ``defaults`` sections that replace a cell ``entry`` leaves alone, then ``entry``'s edits."""
    notebook = nbformat.read(student_notebook, as_version=4)
    solutions = solution_sources(lesson.master())
    for cell in notebook.cells:
        if cell.id.startswith(ANSWER_PREFIX):
            cell.source = solutions[cell.id.removeprefix(ANSWER_PREFIX)]
    edited = {key for key, _ in entry.sections}
    kept = [(key, source) for key, source in defaults if key not in edited and not key.startswith("after:")]
    for key, source in kept + entry.sections:
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


def student_notebook(lesson: Lesson, scratch: Path) -> Path:
    """The lesson's student notebook as handed out: the committed one in a checkout of the project,
    else (an installed package carries no ``assignments/``) one generated into ``scratch`` by
    ``autograder assign``, without Otter's run of the master against its tests (only the notebook is
    wanted here, and that run takes as long as grading the master)."""
    from .assign import assign

    committed = Path(__file__).resolve().parents[1] / "assignments" / lesson.name / lesson.notebook
    if committed.is_file():
        return committed
    generated = scratch / "assignments" / lesson.name / lesson.notebook
    if not generated.is_file():
        assign(lesson, scratch / "assignments", scratch / "dist", run_tests=False)
    return generated
