"""``autograder assign``: the committed student folder is what the master generates, and works."""

import filecmp
import json
import zipfile
from pathlib import Path

import pytest

from corpus import ROOT

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_assignment_is_not_stale(fresh_assignment):
    committed = _tree(ROOT / "assignments" / "linear_models")
    fresh = _tree(fresh_assignment / "linear_models")
    assert sorted(committed) == sorted(fresh), "files differ: run `make assign` and commit assignments/"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"stale files {stale}: run `make assign` and commit assignments/"


def test_student_folder_carries_no_reference_or_hidden_tests(fresh_assignment):
    folder = fresh_assignment / "linear_models"
    files = _tree(folder)
    assert "lmhidden.py" not in files and not any("solutions" in name for name in files)
    text = b"\n".join(files.values())
    assert b"jnp.mean((y - y_est) ** 2)" not in text, "the reference loss leaked into the student folder"
    student_tests = b"\n".join(v for k, v in files.items() if k.startswith("tests/") or k.endswith(".ipynb"))
    assert b"hidden_check" not in student_tests, "hidden tests leaked into the student folder"
    assert json.loads(files["lmchecks/public_cases.json"])["answers"], "public answers were not recorded"


def test_otter_autograder_zip_has_hidden_material(fresh_assignment):
    with zipfile.ZipFile(fresh_assignment / "otter" / "autograder.zip") as archive:
        names = archive.namelist()
        assert "files/lmhidden.py" in names and any(n.startswith("files/lmchecks/") for n in names)
        hidden = archive.read("files/lmhidden.py").decode()
    assert "HIDDEN_SEED = " in hidden and "def mseloss" in hidden


def test_public_tests_are_the_check_library(fresh_assignment):
    tests = fresh_assignment / "linear_models" / "tests"
    for test_file in tests.glob("*.py"):
        source = test_file.read_text()
        assert "public_check(" in source and "OK_FORMAT = False" in source, test_file.name
    assert filecmp.cmp(
        ROOT / "autograder" / "checks" / "spec.py",
        fresh_assignment / "linear_models" / "lmchecks" / "spec.py",
        shallow=False,
    )
