"""Plain Otter agrees with the project's checks: ``otter run`` with ``dist/otter/autograder.zip``."""

import json
import subprocess
import sys

import nbformat
import pytest

import corpus

pytestmark = pytest.mark.slow

SAMPLES = ["correct/reference", "correct/tuple_theta", "mistakes/loss_sum", "mistakes/loop_not_converged"]


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


def _engine_scores(notebook_path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "autograder.inprocess", str(notebook_path), "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {test["name"]: test["score"] for test in report["tests"]}


@pytest.mark.parametrize("name", SAMPLES)
def test_otter_run_scores_equal_the_check_library(name, fresh_assignment, tmp_path):
    entries = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}
    if name not in entries:
        pytest.skip(f"corpus entry {name} not present")
    notebook_path = tmp_path / corpus.STUDENT_NOTEBOOK.name
    nbformat.write(corpus.build(entries[name]), notebook_path)
    otter = _otter_scores(notebook_path, fresh_assignment / "otter" / "autograder.zip", tmp_path)
    engine = _engine_scores(notebook_path)
    assert otter == engine
    if name.startswith("correct/"):
        assert sum(otter.values()) == 10
