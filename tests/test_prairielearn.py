"""The PrairieLearn external grader end to end: ``autograder prairielearn --root R`` (the command on
PATH, as the grader image runs it) against a folder laid out like ``/grade``, its results.json
validated against a JSON Schema written from PrairieLearn's specification; and the question folder
and grader image context ``autograder assign`` writes. PrairieLearn's own container cannot run here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest

import corpus
from autograder import prairielearn

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "prairielearn_results.schema.json").read_text())
ENTRIES = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}


def _root(tmp_path: Path, notebooks: dict[str, nbformat.NotebookNode], secret: str | None = "pl-secret") -> Path:
    root = tmp_path / "grade"
    (root / "student").mkdir(parents=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, root / "student" / name)
    (root / "data").mkdir()
    (root / "data" / "data.json").write_text(json.dumps({"params": {}, "variant_seed": 123456}))
    if secret is not None:
        (root / "serverFilesCourse" / "autograder").mkdir(parents=True)
        (root / "serverFilesCourse" / "autograder" / "secret").write_text(secret)
    return root


def _run(root: Path) -> dict:
    command = [str(Path(sys.executable).parent / "autograder"), "prairielearn", "--root", str(root)]
    env = {key: value for key, value in os.environ.items() if key != "AUTOGRADER_SECRET"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    return results


@pytest.mark.slow
def test_a_mistaken_notebook_gets_its_fraction_and_a_message_per_question(tmp_path):
    notebook = corpus.build(ENTRIES["mistakes/loss_sum"], master_loop=False)
    results = _run(_root(tmp_path, {corpus.LESSON.notebook: notebook}))
    assert results["gradable"] is True and results["score"] == pytest.approx(0.9), results
    tests = {t["name"]: t for t in results["tests"]}
    assert list(tests) == [q.name for q in corpus.LESSON.questions]
    assert tests["mseloss"]["points"] < tests["mseloss"]["max_points"] and tests["mseloss"]["message"]
    assert all(t["points"] == t["max_points"] for name, t in tests.items() if name != "mseloss")
    images = results["images"]  # the report's pictures of the notebook's run
    assert len(images) == 2 and all(i["url"].startswith("data:image/svg+xml;base64,") for i in images), images
    assert len(json.dumps(results)) < 1_000_000  # PrairieLearn's limit on results.json


def test_an_upload_that_is_not_one_notebook_is_not_gradable(tmp_path):
    reference = corpus.build(ENTRIES["correct/reference"], master_loop=False)
    results = _run(_root(tmp_path / "two", {"a.ipynb": reference, "b.ipynb": reference}))
    assert results["gradable"] is False and "exactly one notebook" in results["format_errors"][0]


def test_without_a_course_secret_the_grader_says_so_and_writes_valid_results(tmp_path):
    reference = corpus.build(ENTRIES["correct/reference"], master_loop=False)
    results = _run(_root(tmp_path, {corpus.LESSON.notebook: reference}, secret=None))
    assert results["gradable"] is True and results["score"] == 0 and "could not grade" in results["message"]


def test_the_question_folder_and_grader_image_context(tmp_path):
    prairielearn.write_dist(corpus.LESSON, tmp_path)
    info = json.loads((tmp_path / "question" / "info.json").read_text())
    jsonschema.validate(
        info, json.loads((Path(__file__).parent / "schemas" / "prairielearn_info.schema.json").read_text())
    )
    options = info["externalGradingOptions"]
    assert info["gradingMethod"] == "External" and options["enabled"] is True
    assert options["entrypoint"] == f"autograder prairielearn --lesson {corpus.LESSON.name}"
    assert 60 <= options["timeout"] <= 600
    html = (tmp_path / "question" / "question.html").read_text()
    assert f'<pl-file-upload file-names="{corpus.LESSON.notebook}">' in html
    assert "<pl-external-grader-results>" in html
    grader = tmp_path / "grader"
    assert "FROM python:3.11" in (grader / "Dockerfile").read_text()
    assert (grader / "project" / "pyproject.toml").is_file() and (grader / "requirements.txt").is_file()
    assert not (grader / "secret").exists()


def test_the_variant_seed_is_the_identity(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"variant_seed": 42}')
    assert prairielearn.variant(path) == "prairielearn:42"
    for broken in ("[]", "{", '{"variant_seed": [1]}', '{"variant_seed": true}'):
        path.write_text(broken)
        assert prairielearn.variant(path) is None
