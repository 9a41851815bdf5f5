"""Plain Otter agrees with the project's checks and engine: ``otter run`` with the lesson's
``dist/<lesson>/otter/autograder.zip``, graded the way an instructor does, gives correct notebooks 10/10,
and each mistake the same score per question as the check library and ``autograder grade`` in sandboxes.

Notebooks are laid out as students submit them: the handed-out notebook with its tests in place and its
cells in order, under the name an LMS gives a download (``otter run`` then cannot open the notebook the
``otter.Notebook("linear_models.ipynb")`` cell names, so the notebook's own ``grader.check`` cells do not
run and every question is graded at the end), and once under the handed-out name after "Run All" in the
student's folder (outputs, the export cell run; the notebook's ``grader.check`` cells then grade each
question where it stands). The otter runs go two at a time in one session fixture.

What is graded where, and what was cut to keep the fixture affordable (each ``otter run`` is a fresh
Python executing the whole notebook, then every hidden test):

- ``otter run`` grades OTTER_CORRECT, one correct notebook for each way a notebook can meet Otter's
  executor and the hidden tests' objects differently (a tuple theta, a namedtuple class defined in
  the notebook; IPython magics, cells that raise, x64 mode switched on: these three in one notebook
  with the master's dict theta), the reference (the master's eager loop) after "Run All", and
  MISTAKES, one mistake per question (the init's and the loop's in one notebook) plus the
  ``dmseloss`` waiver of a loss that reads the global y. The reference is not graded
  renamed as well: the notebooks above are, and "Run All" runs the same cells. Cut: the other correct
  styles (array theta, bias first or drawn with jax.random, list theta, keys other than w and b,
  tqdm.autonotebook with theta updated in place, the student's own data, analytic gradient,
  fori_loop, jit, seeded init, float64 numpy init, other step sizes): each differs from one above
  only in what the check library decides, and the otter zip's tests call that same library, which
  gives every one of them 10/10, hidden and public, in tests/test_corpus.py. What that gives up: a
  failure peculiar to Otter's executor on one of those styles alone.
- The check library in-process is not run again here: tests/test_corpus.py asserts that it gives every
  corpus notebook the verdicts its file declares, and this test asserts that ``otter run`` gives those.
- ``autograder grade`` grades ENGINE, a few of the same notebooks (tests/test_engine.py grades more).
"""

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from otter_runs import otter_scores

import corpus
from autograder.engine.batch import Options, grade

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("otter-assign")]

FULL = {q.name: q.points for q in corpus.LESSON.questions}
OTTER_CORRECT = [
    "correct/tuple_theta",
    "correct/namedtuple_theta",
    "correct/magics+scratch_cells_raise+x64_python_floats",
]
MISTAKES = [
    "mistakes/model_missing_bias",
    "mistakes/init_not_random+loop_ignores_model",
    "mistakes/loss_sum",
    "mistakes/grad_sign",
    "mistakes/loss_global_y",
]
"""Labels of ``corpus.combined``: parts joined by ``+`` share one notebook (each ``otter run`` costs a
fresh Python and the whole notebook), their edits on different cells, their verdicts on different
questions."""
RUN_ALL = "correct/reference"
"""Also graded after "Run All" in the student's folder, under the handed-out name (outputs, the
notebook's own ``grader.check`` cells run under ``otter run``, export cell run)."""
ENGINE = ["correct/namedtuple_theta", "correct/tuple_theta", f"{RUN_ALL} (run all)"]
ENGINE += ["mistakes/loss_sum", "mistakes/loss_global_y"]
"""Also graded by ``autograder grade``."""
ENTRIES = {label: corpus.combined(label) for label in [*OTTER_CORRECT, *MISTAKES, RUN_ALL]}


def _run_all(name: str, assignment: Path, folder: Path) -> Path:
    """The notebook as a student submits it: executed top to bottom in the handed-out folder."""
    from nbclient import NotebookClient

    student = folder / "student"
    shutil.copytree(assignment, student)
    path = student / corpus.STUDENT_NOTEBOOK.name
    notebook = corpus.build(ENTRIES[name])
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(student)}}
    ).execute()
    nbformat.write(notebook, path)
    submitted = folder / "submitted" / path.name
    submitted.parent.mkdir()
    shutil.copy(path, submitted)
    return submitted


@pytest.fixture(scope="session")  # once per run: xdist interleaves other modules, which rebuilt a module fixture
def graded(fresh_assignment, tmp_path_factory) -> dict:
    """Scores of every notebook by label: ``otter run`` and (for ENGINE) the engine."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("otter")
    notebooks: dict[str, Path] = {}
    for name in OTTER_CORRECT + MISTAKES:  # renamed, as an LMS download is
        path = root / name.replace("/", "-") / f"{name.replace('/', '-')}.ipynb"
        path.parent.mkdir()
        nbformat.write(corpus.build(ENTRIES[name]), path)
        notebooks[name] = path
    zip_path = fresh_assignment / "dist" / corpus.LESSON.name / "otter" / "autograder.zip"
    run_all_folder = root / "run-all"
    run_all_folder.mkdir()
    with ThreadPoolExecutor(2) as pool:
        executed = pool.submit(
            _run_all, RUN_ALL, fresh_assignment / "dist" / corpus.LESSON.name / "handout", run_all_folder
        )
        jobs = {label: pool.submit(otter_scores, path, zip_path) for label, path in notebooks.items()}
        notebooks[f"{RUN_ALL} (run all)"] = executed.result()
        jobs[f"{RUN_ALL} (run all)"] = pool.submit(otter_scores, notebooks[f"{RUN_ALL} (run all)"], zip_path)
        otter = {label: job.result() for label, job in jobs.items()}

    batch = root / "engine"
    batch.mkdir()
    for label in ENGINE:
        path = notebooks[label]
        shutil.copy(path, batch / f"{label.replace('/', '-').replace(' ', '_')}.ipynb")
    names = {f"{label.replace('/', '-').replace(' ', '_')}": label for label in ENGINE}
    summary = grade(
        [batch], Options(tmp_path_factory.mktemp("out"), "test-secret", corpus.LESSON, workers=2, progress=False)
    )
    engine = {names[Path(r.submission).stem]: {t.name: t.score for t in r.tests} for r in summary.results}
    elapsed = time.monotonic() - started
    print(f"\notter agreement fixture: {len(otter)} otter runs, {len(engine)} engine grades in {elapsed:.0f} s")
    for label in sorted(otter):
        by_engine = f"{sum(engine[label].values()):g}" if label in engine else "-"
        print(f"  {label}: otter run {sum(otter[label].values()):g}, engine {by_engine}")
    return {"otter": otter, "engine": engine, "seconds": elapsed}


def test_the_subsets_name_corpus_entries():
    assert {label.removesuffix(" (run all)") for label in ENGINE} <= set(ENTRIES)
    assert RUN_ALL not in OTTER_CORRECT, "graded after Run All only"
    questions = {question for name in MISTAKES for question in ENTRIES[name].expected}
    assert questions == set(FULL), "one mistake per question at least"


@pytest.mark.parametrize("label", [*OTTER_CORRECT, f"{RUN_ALL} (run all)"])
def test_correct_work_gets_full_marks_under_otter_run(label, graded):
    assert graded["otter"][label] == FULL, graded["otter"][label]
    assert graded["engine"].get(label, FULL) == FULL, graded["engine"][label]


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_costs_the_same_under_otter_run(name, graded):
    want = {question: ENTRIES[name].expected.get(question, (points, []))[0] for question, points in FULL.items()}
    assert graded["otter"][name] == want
    assert graded["engine"].get(name, want) == want


def test_the_handed_out_notebook_names_no_question_on_its_answer_cells(fresh_assignment):
    """``otter run`` grades a question right after a cell whose metadata names it (before the loop ran)."""
    notebook = nbformat.read(
        fresh_assignment / "dist" / corpus.LESSON.name / "handout" / corpus.LESSON.notebook, as_version=4
    )
    assert not [cell.id for cell in notebook.cells if cell.get("metadata", {}).get("otter", {}).get("tests")]
