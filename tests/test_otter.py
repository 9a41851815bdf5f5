"""Plain Otter agrees with the project's checks and engine: ``otter run`` with ``dist/otter/autograder.zip``,
the check library in-process, and ``autograder grade`` in sandboxes give the same scores."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder.engine.batch import Options, grade

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("otter-assign")]

SAMPLES = ["correct/reference", "correct/tuple_theta", "mistakes/loss_sum", "mistakes/loop_not_converged"]
ENTRIES = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}


def _otter_scores(notebook_path, zip_path, out) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(notebook_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    return {test["name"]: test["score"] for test in results["tests"] if test["name"] != "Public Tests"}


def _inprocess_scores(notebook_path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "autograder.inprocess", str(notebook_path), "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {test["name"]: test["score"] for test in report["tests"]}


@pytest.fixture(scope="module")
def engine_scores(tmp_path_factory) -> dict[str, dict[str, float]]:
    """The engine's scores for every sample, graded as one batch."""
    folder = tmp_path_factory.mktemp("samples")
    for name in SAMPLES:
        nbformat.write(corpus.build(ENTRIES[name]), folder / f"{name.replace('/', '-')}.ipynb")
    summary = grade([folder], Options(tmp_path_factory.mktemp("out"), "test-secret", workers=2, progress=False))
    return {
        Path(r["submission"]).stem.replace("-", "/", 1): {t["name"]: t["score"] for t in r["tests"]}
        for r in summary.results
    }


@pytest.mark.parametrize("name", SAMPLES)
def test_otter_run_scores_equal_the_check_library_and_engine(name, fresh_assignment, engine_scores, tmp_path):
    notebook_path = tmp_path / corpus.STUDENT_NOTEBOOK.name
    nbformat.write(corpus.build(ENTRIES[name]), notebook_path)
    otter = _otter_scores(notebook_path, fresh_assignment / "otter" / "autograder.zip", tmp_path)
    assert otter == _inprocess_scores(notebook_path)
    assert otter == engine_scores[name]
    if name.startswith("correct/"):
        assert sum(otter.values()) == 10
