"""The Gradescope package end to end: ``dist/<lesson>/gradescope/autograder.zip`` unpacked into a folder
laid out like ``/autograder``, its ``run_autograder`` run (``AUTOGRADER_ROOT`` points there, the
``autograder`` command comes from PATH), and the results.json it writes validated against a JSON Schema
written from Gradescope's specification (``tests/schemas/``). Gradescope's own container cannot run
here; the laid-out root stands in for it."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest
from markdown_it import MarkdownIt

import corpus
from autograder import gradescope, gradescope_package
from autograder.engine.result import QuestionResult, Result, Status

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gradescope_results.schema.json").read_text())
ENTRIES = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes") + corpus.entries("abuse")}


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("dist") / "autograder.zip"
    return gradescope_package.build(corpus.LESSON, target, "gradescope-test-secret")


def _root(tmp_path: Path, package: Path, notebooks: dict[str, nbformat.NotebookNode], extra: dict[str, str]) -> Path:
    root = tmp_path / "autograder"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "source")
    for name in ("run_autograder", "setup.sh"):
        (root / "source" / name).chmod(0o755)
    (root / "submission").mkdir()
    for name, notebook in notebooks.items():
        nbformat.write(notebook, root / "submission" / name)
    for name, text in extra.items():
        (root / "submission" / name).write_text(text)
    metadata = {"id": 1, "assignment": {"id": 77, "title": "Linear"}, "users": [{"id": 4242, "email": "a@b"}]}
    (root / "submission_metadata.json").write_text(json.dumps(metadata))
    return root


def _run(root: Path) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    command = [str(root / "source" / "run_autograder")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    return results


def test_the_package_holds_what_gradescope_runs(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        config = json.loads(archive.read("autograder.json"))
        requirements = archive.read("requirements.txt").decode()
    assert {"setup.sh", "run_autograder", "autograder.json", "secret", "requirements.txt"} <= names
    assert "project/pyproject.toml" in names and "project/autograder/gradescope.py" in names
    assert "project/solutions/linear_models/reference.py" in names
    assert modes["run_autograder"] & 0o111 and modes["secret"] & 0o077 == 0
    assert config["lesson"] == corpus.LESSON.name and config["timeout_s"] < 600
    assert "jax==" in requirements and ">=" not in requirements


@pytest.mark.slow
def test_run_autograder_grades_a_correct_a_mistaken_and_a_forging_notebook(tmp_path, package):
    """Scores as ``autograder grade`` gives them (the corpus files declare them); the forger prints and
    writes full-score Gradescope results wherever it guesses they go (``/autograder/results`` too)."""
    for name, expected in (("correct/reference", 10.0), ("mistakes/loss_sum", 9.0), ("abuse/fake_results_output", 0)):
        notebook = corpus.build(ENTRIES[name], master_loop=False)
        root = _root(tmp_path / name.replace("/", "-"), package, {corpus.LESSON.notebook: notebook}, {})
        results = _run(root)
        assert results["score"] == expected, results
        assert [t["name"] for t in results["tests"]] == [q.name for q in corpus.LESSON.questions]
        assert sum(t["score"] for t in results["tests"]) == expected
        if name == "mistakes/loss_sum":
            (failed,) = [t for t in results["tests"] if t["status"] == "failed"]
            assert failed["name"] == "mseloss" and failed["output"], failed
        if name == "correct/reference":  # the report's numbers of the notebook's run, under the summary
            assert "| the true values | 2 | 20 |" in results["output"], results["output"]
            assert "Yours matches the expected gradient." in results["output"]


def test_anything_but_one_notebook_gets_zero_and_says_what_to_upload(tmp_path, package):
    reference = corpus.build(ENTRIES["correct/reference"], master_loop=False)
    two = _root(tmp_path / "two", package, {"a.ipynb": reference, "b.ipynb": reference}, {})
    results = _run(two)
    assert results["score"] == 0 and results["tests"] == []
    assert "exactly one notebook" in results["output"] and "found 2" in results["output"]
    none = _root(tmp_path / "none", package, {}, {"answers.txt": "w = 2, b = 20"})
    assert "found 0" in _run(none)["output"]


def test_a_grader_failure_still_writes_valid_results(tmp_path, package):
    root = _root(tmp_path / "broken", package, {}, {})
    (root / "source" / "autograder.json").write_text('{"lesson": "no_such_lesson"}')
    results = _run(root)
    assert results["score"] == 0 and "could not grade" in results["output"]


def test_results_show_student_text_as_inert_markdown_and_never_what_was_measured():
    hostile = "<img src=x onerror=alert(1)> **bold** [link](http://evil)"
    question = QuestionResult("mseloss", 0.0, 2.0, ("exception",), f"raised {hostile}")
    result = Result("nb", "gs", "0" * 64, Status.GRADED, hostile, 0.0, 10.0, 1, (question,), "linear_models", "v")
    results = gradescope.results_json(result, "after_published", 3.2)
    jsonschema.validate(results, SCHEMA)
    for text in (results["output"], results["tests"][0]["output"]):  # as Gradescope renders Markdown
        html = MarkdownIt("commonmark", {"html": True}).render(text)
        assert "<img" not in html and "<a " not in html and "<strong>bold" not in html, html
        assert "onerror=alert(1)" in html.replace("&lt;", "<")  # shown, as text
    assert results["tests"][0]["visibility"] == "after_published" and results["execution_time"] == 3


def test_the_submitter_comes_from_the_metadata(tmp_path):
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps({"assignment": {"id": 5}, "users": [{"id": 9}, {"id": 3}]}))
    assert gradescope.identity(path) == "gradescope:5:3+9"
    for broken in ("[]", "{", '{"users": "x"}', '{"users": [{"id": [1]}]}', "1" * 2_000_000):
        path.write_text(broken)
        assert gradescope.identity(path) is None
    assert gradescope.identity(tmp_path / "missing.json") is None
    shutil.rmtree(tmp_path)
