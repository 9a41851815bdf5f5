"""The corpus through the check library: each notebook executed in its own process, then judged.

Correct submissions in every style get 10/10 (hidden and public checks); each known mistake loses
exactly the points and codes its file declares, and every other question keeps full marks.
"""

import json
import subprocess
import sys
import zlib

import nbformat
import pytest

import corpus
from autograder.checks import QUESTIONS

pytestmark = pytest.mark.slow

FULL = {q.name: q.points for q in QUESTIONS}


def _grade(entry: corpus.Entry, tmp_path) -> dict:
    path = tmp_path / "submission.ipynb"
    nbformat.write(corpus.build(entry), path)
    seed = zlib.crc32(entry.name.encode())
    command = [sys.executable, "-m", "autograder.inprocess", str(path), "--seed", str(seed)]
    command += ["--public-table", str(corpus.PUBLIC_TABLE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _scores(tests: list[dict]) -> dict[str, tuple[float, list[str]]]:
    return {t["name"]: (t["score"], t["diagnostics"]) for t in tests}


def test_corpus_is_big_enough():
    assert len(corpus.entries("correct")) >= 12
    assert len(corpus.entries("mistakes")) >= 20
    assert all(entry.expected for entry in corpus.entries("mistakes")), "every mistake declares what it costs"


@pytest.mark.parametrize("entry", corpus.entries("correct"), ids=lambda e: e.name)
def test_correct_submission_gets_full_marks(entry, tmp_path):
    report = _grade(entry, tmp_path)
    hidden, public = _scores(report["tests"]), _scores(report["public"])
    assert hidden == {name: (points, []) for name, points in FULL.items()}, report["tests"]
    assert public == {name: (points, []) for name, points in FULL.items()}, report["public"]


@pytest.mark.parametrize("entry", corpus.entries("mistakes"), ids=lambda e: e.name)
def test_mistake_costs_points_once_with_its_code(entry, tmp_path):
    report = _grade(entry, tmp_path)
    got = _scores(report["tests"])
    want = {name: entry.expected.get(name, (points, [])) for name, points in FULL.items()}
    assert got == want, report["tests"]
    for test in report["tests"]:
        if test["diagnostics"]:
            assert test["message"] and "Traceback" not in test["message"]
