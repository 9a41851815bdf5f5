"""``autograder demo``: a small class of example submissions, built from the test corpus.

A mix an instructor meets in practice: correct answers in several styles, common mistakes, the
untouched notebook, a corrupt file, an Otter export zip, a renamed Canvas download and a notebook
that never finishes (stopped by the time limit).
"""

import shutil
import zipfile
from pathlib import Path

import nbformat

from .examples import STUDENT_NOTEBOOK, build, entries

EXAMPLES = {
    "correct": ["reference", "tuple_theta", "namedtuple_theta", "array_bias_first_jax_random"],
    "mistakes": ["loss_sum", "model_missing_bias", "grad_sign", "loop_not_converged"],
}


def build_examples(folder: Path) -> Path:
    """Write the example submissions into ``folder`` (replacing it) and return it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    chosen = [e for group, names in EXAMPLES.items() for e in entries(group) if e.path.stem in names]
    for entry in chosen:
        nbformat.write(build(entry), folder / f"{entry.path.parent.name}-{entry.path.stem}.ipynb")
    shutil.copy(STUDENT_NOTEBOOK, folder / "untouched.ipynb")
    (folder / "corrupt.ipynb").write_text('{"cells": [ this is not json')
    reference = folder / "correct-reference.ipynb"
    with zipfile.ZipFile(folder / "otter-export.zip", "w") as archive:
        archive.write(reference, "linear_models.ipynb")
        archive.writestr(".OTTER_LOG", b"\x80\x04 never unpickled")
    shutil.copy(reference, folder / "doejane_LATE_4242_99_linear_models (1).ipynb")
    forever = nbformat.read(reference, as_version=4)
    forever.cells.append(nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(forever, folder / "never-finishes.ipynb")
    return folder
