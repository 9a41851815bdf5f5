"""Plain Otter agrees with the project's checks and engine: ``otter run`` with ``dist/otter/autograder.zip``,
graded the way an instructor does, gives every correct notebook 10/10, and the same score per question as
the check library in-process and ``autograder grade`` in sandboxes.

Notebooks are laid out as students submit them: the handed-out notebook with its tests in place and its
cells in order, under the name an LMS gives a download (``otter run`` then cannot open the notebook the
``otter.Notebook("linear_models.ipynb")`` cell names, so the notebook's own ``grader.check`` cells do not
run and every question is graded at the end), and once under the handed-out name after "Run All" in the
student's folder (outputs, the export cell run; the notebook's ``grader.check`` cells then grade each
question where it stands). The otter runs, about 17 s each, run two at a time in one module-scoped fixture;
the check library in-process gives the correct corpus 10/10 in tests/test_corpus.py, so it is run here on
the mistakes only.
"""

import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder.checks import QUESTIONS
from autograder.engine.batch import Options, grade

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("otter-assign")]

FULL = {q.name: q.points for q in QUESTIONS}
CORRECT = [entry.name for entry in corpus.entries("correct")]
MISTAKES = ["mistakes/loss_sum", "mistakes/loss_global_y"]
RUN_ALL = "correct/reference"
"""Also graded after "Run All" in the student's folder, under the handed-out name (outputs, the
notebook's own ``grader.check`` cells run under ``otter run``, export cell run)."""
IN_PROCESS = MISTAKES
"""Also graded by the check library in-process (the correct corpus gets 10/10 there: tests/test_corpus.py)."""
ENGINE = ["correct/reference", "correct/namedtuple_theta", "correct/tuple_theta", f"{RUN_ALL} (run all)", *MISTAKES]
"""Also graded by ``autograder grade`` (10 to 40 s each on two cores: the whole corpus would double the
fixture's time; tests/test_corpus.py judges it with the same check library)."""
ENTRIES = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}


def _otter_scores(notebook_path: Path, zip_path: Path) -> dict[str, float]:
    out = notebook_path.parent / "otter-out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(notebook_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=notebook_path.parent,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    return {test["name"]: test["score"] for test in results["tests"] if test["name"] != "Public Tests"}


def _inprocess_scores(notebook_path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "autograder.inprocess", str(notebook_path), "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=notebook_path.parent,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {test["name"]: test["score"] for test in report["tests"]}


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
    """Scores of every notebook by path: ``otter run``, the engine and (for some) the check library."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("otter")
    notebooks: dict[str, Path] = {}
    for name in CORRECT + MISTAKES:  # renamed, as an LMS download is
        path = root / name.replace("/", "-") / f"{name.replace('/', '-')}.ipynb"
        path.parent.mkdir()
        nbformat.write(corpus.build(ENTRIES[name]), path)
        notebooks[name] = path
    zip_path = fresh_assignment / "otter" / "autograder.zip"
    run_all_folder = root / "run-all"
    run_all_folder.mkdir()
    with ThreadPoolExecutor(2) as pool:
        executed = pool.submit(_run_all, RUN_ALL, fresh_assignment / "linear_models", run_all_folder)
        jobs = {label: pool.submit(_otter_scores, path, zip_path) for label, path in notebooks.items()}
        jobs |= {f"{name} (in-process)": pool.submit(_inprocess_scores, notebooks[name]) for name in IN_PROCESS}
        notebooks[f"{RUN_ALL} (run all)"] = executed.result()
        jobs[f"{RUN_ALL} (run all)"] = pool.submit(_otter_scores, notebooks[f"{RUN_ALL} (run all)"], zip_path)
        results = {label: job.result() for label, job in jobs.items()}
    otter = {label: scores for label, scores in results.items() if not label.endswith("(in-process)")}
    inprocess = {
        label.removesuffix(" (in-process)"): s for label, s in results.items() if label.endswith("(in-process)")
    }

    batch = root / "engine"
    batch.mkdir()
    for label in ENGINE:
        path = notebooks[label]
        shutil.copy(path, batch / f"{label.replace('/', '-').replace(' ', '_')}.ipynb")
    names = {f"{label.replace('/', '-').replace(' ', '_')}": label for label in ENGINE}
    summary = grade([batch], Options(tmp_path_factory.mktemp("out"), "test-secret", workers=2, progress=False))
    engine = {names[Path(r["submission"]).stem]: {t["name"]: t["score"] for t in r["tests"]} for r in summary.results}
    elapsed = time.monotonic() - started
    print(f"\notter agreement fixture: {len(otter)} otter runs, {len(engine)} engine grades in {elapsed:.0f} s")
    for label in sorted(otter):
        by_engine = f"{sum(engine[label].values()):g}" if label in engine else "-"
        print(f"  {label}: otter run {sum(otter[label].values()):g}, engine {by_engine}")
    return {"otter": otter, "engine": engine, "inprocess": inprocess, "seconds": elapsed}


def test_fixture_covers_the_whole_correct_corpus(graded):
    assert set(CORRECT) <= set(graded["otter"]) and len(CORRECT) >= 16


@pytest.mark.parametrize("label", [*CORRECT, f"{RUN_ALL} (run all)"])
def test_correct_work_gets_full_marks_under_otter_run(label, graded):
    assert graded["otter"][label] == FULL, graded["otter"][label]
    assert graded["engine"].get(label, FULL) == FULL, graded["engine"][label]


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_costs_the_same_under_otter_run(name, graded):
    want = {question: ENTRIES[name].expected.get(question, (points, []))[0] for question, points in FULL.items()}
    assert graded["otter"][name] == want
    assert graded["engine"][name] == want


@pytest.mark.parametrize("name", IN_PROCESS)
def test_otter_run_equals_the_check_library_in_process(name, graded):
    assert graded["otter"][name] == graded["inprocess"][name]


def test_the_handed_out_notebook_names_no_question_on_its_answer_cells(fresh_assignment):
    """``otter run`` grades a question right after a cell whose metadata names it (before the loop ran)."""
    notebook = nbformat.read(fresh_assignment / "linear_models" / corpus.STUDENT_NOTEBOOK.name, as_version=4)
    assert not [cell.id for cell in notebook.cells if cell.get("metadata", {}).get("otter", {}).get("tests")]
