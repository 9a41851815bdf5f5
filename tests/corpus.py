"""The test corpus of each lesson (``tests/corpus/<lesson>/``, with the demo's examples shipped in the
lesson's ``examples/`` folder): see ``autograder.examples`` for the file format."""

import os
import pwd
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path

import nbformat
from forked_grading import GradingServer, assert_acceleration_changes_nothing

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
ACCELERATED = "accelerated"
"""``# passes: accelerated``: an entry graded only with its gradients compiled (see ``grade``)."""


def folder_outside(prefix: str) -> Path:
    """A new folder outside the checkout, /tmp and every folder the grader hides, where the abuse
    entries look for an instructor's files (``abuse/read_outside_scratch``, ``write_outside_scratch``):
    in /srv where this user may write there (root), else in the user's home. The caller removes it."""
    base = Path("/srv") if os.access("/srv", os.W_OK) else Path(pwd.getpwuid(os.getuid()).pw_dir)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def entries(group: str, lesson: Lesson = LESSON) -> list[Entry]:
    """Every answer file of ``group``: the lesson's examples and its test corpus, by name."""
    found = examples.examples(lesson, group) + examples.entries(ROOT / "tests" / "corpus" / lesson.name / group)
    return sorted(found, key=lambda entry: entry.name)


def combined(label: str, lesson: Lesson = LESSON) -> Entry:
    """The entry ``label`` names: one entry (``mistakes/loss_sum``), or several of one group joined
    with ``+`` (``mistakes/init_not_random+loop_ignores_model``), whose edits go into one notebook and
    whose declared hidden verdicts add up: the parts must replace different cells and declare
    verdicts on different questions. A combination declares no public verdicts. Used where one
    mistake must not change what another costs, and where each notebook costs a great deal
    (``otter run``)."""
    group, _, names = label.partition("/")
    known = {entry.name: entry for entry in entries(group, lesson)}
    parts = [known[f"{group}/{name}"] for name in names.split("+")]
    if len(parts) == 1:
        return parts[0]
    replaced = [key for part in parts for key, _ in part.sections if not key.startswith("after:")]
    judged = [question for part in parts for question in part.expected]
    assert len(set(replaced)) == len(replaced) and len(set(judged)) == len(judged), f"{label}: parts overlap"
    return replace(
        parts[0],
        path=parts[0].path.with_name(f"{names}.py"),
        sections=[section for part in parts for section in part.sections],
        expected={question: verdict for part in parts for question, verdict in part.expected.items()},
        public={},
        loop="master" if any(part.loop == "master" for part in parts) else "",
    )


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


def grade(entry: Entry, folder: Path, server: GradingServer, lesson: Lesson = LESSON) -> dict:
    """``entry`` built into ``folder`` and graded, hidden and public checks, in a child of ``server``:
    as written and with the student's gradients compiled, which must give the same verdicts; only
    compiled for ``# passes: accelerated`` (``autograder.examples`` says why), where a gradient must
    then have been compiled, as for the master's eager loop (``# loop: master``)."""
    notebook = folder / "submission.ipynb"
    nbformat.write(build(entry, lesson), notebook)
    exact = entry.passes != ACCELERATED
    report = server.grade(notebook, zlib.crc32(entry.name.encode()), lesson.name, public=True, exact=exact)
    assert_acceleration_changes_nothing(report, must_compile=entry.loop == "master" or not exact)
    return report


__all__ = [
    "CORPUS",
    "LESSON",
    "ROOT",
    "STUDENT_NOTEBOOK",
    "Entry",
    "build",
    "combined",
    "entries",
    "folder_outside",
    "grade",
    "parse",
]
