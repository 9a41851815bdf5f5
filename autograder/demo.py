"""``autograder demo``: a small class of example submissions for a lesson, built from its examples.

A mix an instructor meets in practice: correct answers in several styles and common mistakes (the
lesson's ``examples/``), the untouched notebook, a corrupt file, an Otter export zip, a renamed
Canvas download and a notebook that never finishes (stopped by the time limit).
"""

import shutil
import zipfile
from pathlib import Path

import nbformat

from .checks import Lesson
from .examples import build, examples, student_notebook


def build_examples(lesson: Lesson, folder: Path) -> Path:
    """Write the example submissions of ``lesson`` into ``folder`` (replacing it) and return it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    handed_out = student_notebook(lesson, folder.parent / "build")
    for entry in examples(lesson, "correct") + examples(lesson, "mistakes"):
        nbformat.write(build(entry, lesson, handed_out), folder / f"{entry.path.parent.name}-{entry.path.stem}.ipynb")
    shutil.copy(handed_out, folder / "untouched.ipynb")
    (folder / "corrupt.ipynb").write_text('{"cells": [ this is not json')
    reference = folder / "correct-reference.ipynb"
    with zipfile.ZipFile(folder / "otter-export.zip", "w") as archive:
        archive.write(reference, lesson.notebook)
        archive.writestr(".OTTER_LOG", b"\x80\x04 never unpickled")
    shutil.copy(reference, folder / f"doejane_LATE_4242_99_{Path(lesson.notebook).stem} (1).ipynb")
    forever = nbformat.read(reference, as_version=4)
    forever.cells.append(nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(forever, folder / "never-finishes.ipynb")
    return folder
