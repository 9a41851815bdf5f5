"""``autograder assign``: build what students receive and the plain-Otter autograder from a lesson's master.

Otter does the authoring work (``otter assign``: strip solutions, split public and hidden tests, run
the tests against the solutions, package the autograder). Around it this module writes what Otter
reads and nobody should write by hand: the assignment config and, for every question, its Otter
question and test cells, all from the lesson's question specs (points live there only); and it
stages what the tests import: the lesson's check library with the public answers recorded from the
reference (its ``package``) for everyone, and the reference with the hidden seed (its
``hidden_module``) for the autograder only.

Outputs, per lesson: ``assignments/<lesson>/`` (the student notebook and its public tests, committed),
``dist/<lesson>/handout/`` (the complete folder to hand out: those plus the check library) with
``dist/<lesson>/handout.zip``, ``dist/<lesson>/otter/autograder.zip`` and
``dist/<lesson>/gradescope/autograder.zip`` (``gradescope_package``) and ``dist/<lesson>/prairielearn/``
(``prairielearn.write_dist``).
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

from . import gradescope, gradescope_package, prairielearn
from .checks import Lesson, LocalSubmission
from .master import ANSWER_PREFIX
from .seeds import derive_seed

PACKAGE_DIR = Path(__file__).resolve().parent

CONFIG = """# ASSIGNMENT CONFIG
name: {name}
init_cell: true
check_all_cell: true
export_cell:
  pdf: false
  instructions: "Run this cell to package your notebook for submission, then upload the zip it links to."
tests:
  files: true
  ok_format: false
files:
  - {package}
autograder_files:
  - {hidden}.py
runs_on: default"""

TEST = '''""" # BEGIN TEST CONFIG
points: {points}
hidden: {hidden}
""" # END TEST CONFIG
def test_{question}_{suffix}(env):
    from {package}.checks.otter_bridge import {entry}
    from {package}.lessons.{lesson} import LESSON
    {entry}(LESSON, "{question}", env{level})'''


class AssignError(RuntimeError):
    """``otter assign`` failed, or the lesson cannot be assigned; the message says why."""


def record_public_answers(lesson: Lesson) -> dict:
    """Run every public check on the reference and keep the expected values it asked for."""
    answers: dict = {}
    ctx = lesson.public_context(record=answers)
    reference = lesson.reference()
    namespace = {name: getattr(reference, name) for name in dir(reference)}
    for question in lesson.questions:
        verdict = question.judge(LocalSubmission(namespace), ctx)
        if question.name != lesson.roles.loop and not verdict.passed:
            raise AssignError(f"the reference fails its own public check {question.name}: {verdict.message}")
    x, y = lesson.notebook_data(reference)
    return {"notebook_x": np.asarray(x).tolist(), "notebook_y": np.asarray(y).tolist(), "answers": answers}


def _question_cells(lesson: Lesson, question_name: str, points: float) -> tuple[list, list]:
    """The Otter cells that open a question (before its prompt) and those that close it (after its
    answer cell): one public test of 0 points and one hidden test per point (see ``otter_bridge``)."""
    if points != int(points):
        raise AssignError(f"{lesson.name}: question {question_name} has {points} points; Otter tests need whole points")
    raw = nbformat.v4.new_raw_cell
    fields = {"package": lesson.package, "lesson": lesson.name, "question": question_name}
    tests = [TEST.format(points=0, hidden="false", suffix="public", entry="public_check", level="", **fields)]
    tests += [
        TEST.format(points=1, hidden="true", suffix=f"hidden_{k}", entry="hidden_check", level=f", {k}", **fields)
        for k in range(1, int(points) + 1)
    ]
    opening = [raw(f"# BEGIN QUESTION\nname: {question_name}\npoints: {int(points)}\ncheck_cell: false")]
    closing = [raw("# END SOLUTION"), raw("# BEGIN TESTS"), *map(nbformat.v4.new_code_cell, tests)]
    return opening, [*closing, raw("# END TESTS"), raw("# END QUESTION")]


def otter_master(lesson: Lesson) -> nbformat.NotebookNode:
    """The lesson's master notebook with Otter's config, question and test cells written in.

    Each question's answer cell (id ``answer-<question>``) is wrapped in solution markers; the
    question opens before the markdown prompt just above it, if there is one."""
    notebook = nbformat.read(lesson.master(), as_version=4)
    config = CONFIG.format(name=lesson.name, package=lesson.package, hidden=lesson.hidden_module)
    cells = [nbformat.v4.new_raw_cell(config)]
    specs = {f"{ANSWER_PREFIX}{q.name}": q for q in lesson.questions}
    for cell in notebook.cells:
        question = specs.pop(cell.id, None)
        if question is None:
            cells.append(cell)
            continue
        opening, closing = _question_cells(lesson, question.name, question.points)
        prompt = [cells.pop()] if cells and cells[-1].cell_type == "markdown" else []
        cells += [*opening, *prompt, nbformat.v4.new_raw_cell("# BEGIN SOLUTION"), cell, *closing]
    if specs:
        raise AssignError(
            f"{lesson.name}: the master has no answer cell for {', '.join(q.name for q in specs.values())}"
        )
    master_ids = {cell.id for cell in notebook.cells}
    for index, cell in enumerate(cells):
        if cell.id not in master_ids:  # written here: ids that do not change between runs
            cell.id = f"otter-source-{index:02d}"
    notebook.cells = cells
    return notebook


def stage_checks(lesson: Lesson, directory: Path, answers: dict) -> Path:
    """Write the check library students need into ``directory/<package>`` and return that folder: the
    common checks and this lesson's, laid out as in this package (so their relative imports hold),
    and the public answers recorded from the reference. No reference code goes in."""
    package = directory / lesson.package
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        f'"""The checks of the lesson "{lesson.title}" (generated by autograder assign)."""\n'
    )
    shutil.copytree(PACKAGE_DIR / "checks", package / "checks", ignore=ignore)
    (package / "lessons").mkdir()
    shutil.copy(PACKAGE_DIR / "lessons" / "__init__.py", package / "lessons" / "__init__.py")
    own = shutil.ignore_patterns("__pycache__", "*.pyc", "examples")  # examples hold reference answers
    shutil.copytree(lesson.package_dir, package / "lessons" / lesson.name, ignore=own)
    table = package / "lessons" / lesson.name / lesson.public_table.name
    table.write_text(json.dumps(answers, sort_keys=True) + "\n")
    return package


def stage(lesson: Lesson, directory: Path, seed: int) -> Path:
    """Lay out the master notebook and the files its tests import in ``directory``; return the master's path."""
    master = directory / lesson.notebook
    nbformat.write(otter_master(lesson), master)
    stage_checks(lesson, directory, record_public_answers(lesson))
    reference = Path(lesson.reference().__file__).read_text()
    hidden = reference + f"\n\n#: Seed of the hidden inputs (set by autograder assign).\nHIDDEN_SEED = {seed}\n"
    (directory / f"{lesson.hidden_module}.py").write_text(hidden)
    return master


def _finish_student_notebook(lesson: Lesson, path: Path) -> None:
    """Give the cells Otter adds (init, check-all, export) ids that do not change between runs, and
    take the question names off the answer cells.

    ``otter assign`` marks each answer cell with its question (metadata ``otter.tests``), and
    ``otter run`` then grades the question right after that cell, before the cells below it run:
    a loop's test would see the random starting theta (the cell that runs the loop comes later)
    and a model's test a notebook without its init. Without the marks, a question is graded at the
    notebook's own ``grader.check`` cell, which comes after the cells it needs, or at the end of the
    notebook when that cell cannot run (a renamed notebook: its ``otter.Notebook("<name>.ipynb")``
    finds no such file, so ``grader`` is never defined).
    """
    notebook = nbformat.read(path, as_version=4)
    master_ids = {cell.id for cell in nbformat.read(lesson.master(), as_version=4).cells}
    for index, cell in enumerate(notebook.cells):
        if cell.id not in master_ids:
            cell.id = f"otter-{index:02d}"
        otter_meta = cell.get("metadata", {}).get("otter")
        if isinstance(otter_meta, dict):
            otter_meta.pop("tests", None)
            if not otter_meta:
                del cell.metadata["otter"]
    nbformat.write(notebook, path)


def _replace(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def assign(
    lesson: Lesson,
    assignments: Path,
    dist: Path,
    secret: str | None = None,
    visibility: str = "visible",
    run_tests: bool = True,
) -> None:
    """Regenerate ``assignments/<lesson>``, and ``dist/<lesson>/`` (handout, Otter and Gradescope
    autograders; the Gradescope one holds ``secret``, or a random one if none is given, and shows each
    question's result with ``visibility``). With ``run_tests``, ``otter assign`` first checks that the
    master notebook passes its own tests, running it whole (an ``otter run`` of the solutions)."""
    course_secret = secrets.token_hex(16)  # without the course's: hidden inputs then differ from its grades
    seed = derive_seed(secret or course_secret, "otter-autograder")
    with tempfile.TemporaryDirectory(prefix="autograder-assign-") as tmp:
        (Path(tmp) / "stage").mkdir()
        master = stage(lesson, Path(tmp) / "stage", seed)
        out = Path(tmp) / "out"
        skip = [] if run_tests else ["--no-run-tests"]
        result = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-pdfs", *skip, str(master), str(out)],
            cwd=master.parent,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise AssignError(f"otter assign failed:\n{(result.stdout + result.stderr)[-3000:]}")
        student = out / "student"
        _finish_student_notebook(lesson, student / lesson.notebook)
        handout = dist / lesson.name / "handout"
        _replace(student, handout)
        committed = Path(tmp) / "committed"
        shutil.copytree(student, committed, ignore=shutil.ignore_patterns(lesson.package, "__pycache__"))
        _replace(committed, assignments / lesson.name)
        shutil.make_archive(str(handout), "zip", handout)
        (dist / lesson.name / "otter").mkdir(parents=True, exist_ok=True)
        (zip_path,) = (out / "autograder").glob("*.zip")
        shutil.copy(zip_path, dist / lesson.name / "otter" / "autograder.zip")
    config = gradescope.Config(lesson=lesson.name, visibility=visibility)
    gradescope_package.build(
        lesson, dist / lesson.name / "gradescope" / "autograder.zip", secret or course_secret, config
    )
    prairielearn.write_dist(lesson, dist / lesson.name / "prairielearn")
