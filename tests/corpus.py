"""The test corpus of each lesson (``tests/corpus/<lesson>/``, with the demo's examples shipped in the
lesson's ``examples/`` folder): see ``autograder.examples`` for the file format."""

from pathlib import Path

from autograder import examples, lessons
from autograder.checks import Lesson
from autograder.examples import Entry, parse

ROOT = Path(__file__).resolve().parent.parent
LESSON = lessons.load("linear_models")
"""The lesson most tests are about."""
CORPUS = ROOT / "tests" / "corpus" / LESSON.name
STUDENT_NOTEBOOK = ROOT / "assignments" / LESSON.name / LESSON.notebook
FAST_LOOP = "fast_loop.py"
"""A lesson's compiled loop answer, beside its corpus groups (see ``build``)."""


def entries(group: str, lesson: Lesson = LESSON) -> list[Entry]:
    """Every answer file of ``group``: the lesson's examples and its test corpus, by name."""
    found = examples.examples(lesson, group) + examples.entries(ROOT / "tests" / "corpus" / lesson.name / group)
    return sorted(found, key=lambda entry: entry.name)


def build(entry: Entry, lesson: Lesson = LESSON, master_loop: bool | None = None):
    """``entry`` applied to the lesson's committed student notebook.

    Where the lesson's corpus has a ``fast_loop.py``, its loop cell replaces the master's in every
    entry that does not write its own: the same gradient descent, compiled, so that a case about
    another question does not spend most of its time in an eager 3000-step loop. An entry with
    ``# loop: master`` keeps the master's loop (``correct/reference``, the master's own answers: the
    one corpus case, with tests/test_otter.py, that runs it), unless ``master_loop`` says otherwise
    (a test that needs a correct notebook, not that loop)."""
    fast = ROOT / "tests" / "corpus" / lesson.name / FAST_LOOP
    if master_loop is None:
        master_loop = entry.loop == "master"
    defaults = parse(fast).sections if fast.is_file() and not master_loop else []
    return examples.build(entry, lesson, ROOT / "assignments" / lesson.name / lesson.notebook, defaults)


__all__ = ["CORPUS", "LESSON", "ROOT", "STUDENT_NOTEBOOK", "Entry", "build", "entries", "parse"]
