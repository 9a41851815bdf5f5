"""``autograder assign``: build what students receive and the plain-Otter autograder from the master.

Otter does the authoring work (``otter assign``: strip solutions, split public and hidden tests, run
the tests against the solutions, package the autograder). Around it this module stages the two
things the tests import: ``lmchecks`` (a copy of the check library plus the public answers recorded
from the reference) for everyone, and ``lmhidden`` (the reference module and the hidden seed) for the
autograder only.
"""

import json
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import numpy as np

from . import checks
from .checks.submission import LocalSubmission
from .reference import REFERENCE, derive_seed, notebook_data, public_context

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
MASTER = PROJECT_ROOT / "solutions" / "master.ipynb"
NOTEBOOK_NAME = "linear_models.ipynb"
ASSIGNMENT_DIR = "linear_models"


class AssignError(RuntimeError):
    """``otter assign`` failed; the message carries the end of its output."""


def record_public_answers() -> dict:
    """Run every public check on the reference and keep the expected values it asked for."""
    answers: dict = {}
    ctx = public_context(record=answers)
    namespace = {name: getattr(REFERENCE, name) for name in dir(REFERENCE)}
    for question in checks.QUESTIONS:
        verdict = question.judge(LocalSubmission(namespace), ctx)
        if question.name != "model_optimization_loop" and not verdict.passed:
            raise AssertionError(f"the reference fails its own public check {question.name}: {verdict.message}")
    x, y = notebook_data()
    return {"notebook_x": np.asarray(x).tolist(), "notebook_y": np.asarray(y).tolist(), "answers": answers}


def stage(directory: Path, seed: int) -> Path:
    """Lay out the master notebook and the files its tests import in ``directory``; return the master's path."""
    master = directory / NOTEBOOK_NAME
    shutil.copy(MASTER, master)
    shutil.copytree(PACKAGE_DIR / "checks", directory / "lmchecks", ignore=shutil.ignore_patterns("__pycache__"))
    table = json.dumps(record_public_answers(), sort_keys=True)
    (directory / "lmchecks" / "public_cases.json").write_text(table + "\n")
    hidden = (
        Path(REFERENCE.__file__).read_text()
        + f"\n\n#: Seed of the hidden inputs (set by autograder assign).\nHIDDEN_SEED = {seed}\n"
    )
    (directory / "lmhidden.py").write_text(hidden)
    return master


def _finish_student_notebook(path: Path) -> None:
    """Give the cells Otter adds (init, check-all, export) ids that do not change between runs, and
    take the question names off the answer cells.

    ``otter assign`` marks each answer cell with its question (metadata ``otter.tests``), and
    ``otter run`` then grades the question right after that cell, before the cells below it run:
    the loop's test would see the random starting theta (the cell that runs the loop comes later)
    and ``linear_model``'s test a notebook without ``initialize_linear_params``. Without the marks,
    a question is graded at the notebook's own ``grader.check`` cell, which comes after the cells
    it needs, or at the end of the notebook when that cell cannot run (a renamed notebook: its
    ``otter.Notebook("linear_models.ipynb")`` finds no such file, so ``grader`` is never defined).
    """
    notebook = nbformat.read(path, as_version=4)
    master_ids = {cell.id for cell in nbformat.read(MASTER, as_version=4).cells}
    for index, cell in enumerate(notebook.cells):
        if cell.id not in master_ids:
            cell.id = f"otter-{index:02d}"
        otter_meta = cell.get("metadata", {}).get("otter")
        if isinstance(otter_meta, dict):
            otter_meta.pop("tests", None)
            if not otter_meta:
                del cell.metadata["otter"]
    nbformat.write(notebook, path)


def assign(assignments: Path, dist: Path, secret: str | None = None) -> None:
    """Regenerate ``assignments/linear_models`` and ``dist/otter/autograder.zip``."""
    seed = derive_seed(secret or secrets.token_hex(16), "otter-autograder")
    with tempfile.TemporaryDirectory(prefix="autograder-assign-") as tmp:
        master = stage(Path(tmp) / "stage", seed) if (Path(tmp) / "stage").mkdir() is None else None
        out = Path(tmp) / "out"
        result = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(master), str(out)],
            cwd=master.parent,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise AssignError(f"otter assign failed:\n{(result.stdout + result.stderr)[-3000:]}")
        student = assignments / ASSIGNMENT_DIR
        if student.exists():
            shutil.rmtree(student)
        shutil.copytree(out / "student", student, ignore=shutil.ignore_patterns("__pycache__"))
        _finish_student_notebook(student / NOTEBOOK_NAME)
        (dist / "otter").mkdir(parents=True, exist_ok=True)
        (zip_path,) = (out / "autograder").glob("*.zip")
        shutil.copy(zip_path, dist / "otter" / "autograder.zip")
