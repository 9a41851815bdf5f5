"""``autograder assign``: the committed student notebook is what the master generates, the handout
works on its own, and nothing hidden reaches students."""

import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from corpus import LESSON, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("otter-assign")]  # one build of fresh_assignment


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_assignment_is_not_stale(fresh_assignment):
    committed = _tree(ROOT / "assignments" / LESSON.name)
    fresh = _tree(fresh_assignment / "assignments" / LESSON.name)
    assert sorted(committed) == sorted(fresh), "files differ: run `make assign` and commit assignments/"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"stale files {stale}: run `make assign` and commit assignments/"


def test_committed_assignment_holds_no_copy_of_the_checks(fresh_assignment):
    files = _tree(fresh_assignment / "assignments" / LESSON.name)
    assert sorted(files) == sorted([LESSON.notebook, *(f"tests/{q.name}.py" for q in LESSON.questions)])


def test_handout_carries_the_checks_but_no_reference_or_hidden_tests(fresh_assignment):
    handout = fresh_assignment / "dist" / LESSON.name / "handout"
    files = _tree(handout)
    assert f"{LESSON.hidden_module}.py" not in files and not any("solutions" in name for name in files)
    assert not any("/examples/" in name for name in files), "the demo's answers reached the handout"
    text = b"\n".join(files.values())
    assert b"jnp.mean((y - y_est) ** 2)" not in text, "the reference loss leaked into the handout"
    student_tests = b"\n".join(v for k, v in files.items() if k.startswith("tests/") or k.endswith(".ipynb"))
    assert b"hidden_check" not in student_tests, "hidden tests leaked into the handout"
    table = f"{LESSON.package}/lessons/{LESSON.name}/public_cases.json"
    assert json.loads(files[table])["answers"], "public answers were not recorded"
    for name, content in files.items():  # the checks are this package's, byte for byte
        if name.startswith(f"{LESSON.package}/checks/"):
            assert content == (ROOT / "autograder" / "checks" / name.split("/checks/", 1)[1]).read_bytes(), name
    with zipfile.ZipFile(handout.with_suffix(".zip")) as archive:
        assert sorted(n for n in archive.namelist() if not n.endswith("/")) == sorted(files)


def test_otter_autograder_zip_has_hidden_material(fresh_assignment):
    with zipfile.ZipFile(fresh_assignment / "dist" / LESSON.name / "otter" / "autograder.zip") as archive:
        names = archive.namelist()
        assert f"files/{LESSON.hidden_module}.py" in names
        assert any(n.startswith(f"files/{LESSON.package}/") for n in names)
        hidden = archive.read(f"files/{LESSON.hidden_module}.py").decode()
    assert "HIDDEN_SEED = " in hidden and "def mseloss" in hidden


def test_tests_and_points_come_from_the_question_specs(fresh_assignment):
    """Points live in the specs only: each question has a public test and one hidden test per point."""
    tests = fresh_assignment / "assignments" / LESSON.name / "tests"
    for question in LESSON.questions:
        source = (tests / f"{question.name}.py").read_text()
        assert f"points = {question.points:g}" in source and "public_check(LESSON" in source, question.name
    master = nbformat.read(LESSON.master(), as_version=4)
    assert not [c for c in master.cells if c.cell_type == "raw" or "TEST CONFIG" in c.source], (
        "the master notebook should hold no Otter question or test cells: assign writes them"
    )
