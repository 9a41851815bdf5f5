"""Finding submissions: LMS identities, zips read in memory and safely, bad files reported."""

import json
import zipfile

import pytest

from autograder.engine import inputs
from autograder.engine.batch import notebook_sources

CELL = {"cell_type": "code", "id": "c1", "source": "x = 1", "metadata": {}, "outputs": [], "execution_count": None}
NOTEBOOK = json.dumps({"cells": [CELL], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def test_canvas_names_give_the_user_id():
    assert inputs.canvas_identity("doejane_4242_99_linear_models.ipynb") == "4242"
    assert inputs.canvas_identity("doejane_LATE_4242_99_linear_models (1).ipynb") == "4242"
    assert inputs.canvas_identity("linear_models.ipynb") is None


def test_gradescope_export_gives_each_folder_its_submitter(tmp_path):
    (tmp_path / "submission_metadata.yml").write_text(
        "submission_101:\n  :submitters:\n  - :name: Jane Doe\n    :sid: 'S1'\n    :email: jane@example.edu\n"
        "submission_102:\n  :submitters:\n  - :name: Max Mustermann\n    :email: max@example.edu\n"
    )
    for folder in ("submission_101", "submission_102"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "linear_models.ipynb").write_bytes(NOTEBOOK)
    found = {s.path.split("/")[-2]: s.student for s in inputs.discover([tmp_path])}
    assert found == {"submission_101": "S1", "submission_102": "max@example.edu"}


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> None:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_otter_export_reads_only_the_notebook(tmp_path):
    marker = tmp_path / "pwned"
    payload = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    _zip(tmp_path / "export.zip", {"linear_models.ipynb": NOTEBOOK, ".OTTER_LOG": payload})
    (found,) = inputs.discover([tmp_path / "export.zip"])
    assert found.error is None and found.content == NOTEBOOK
    assert not marker.exists()


@pytest.mark.parametrize(
    "members, message",
    [
        ({"a.ipynb": NOTEBOOK, "b.ipynb": NOTEBOOK}, "exactly one notebook"),
        ({"notes.txt": b"hello"}, "exactly one notebook"),
    ],
)
def test_zip_without_exactly_one_notebook_is_invalid(tmp_path, members, message):
    _zip(tmp_path / "x.zip", members)
    (found,) = inputs.discover([tmp_path / "x.zip"])
    assert found.content is None and message in found.error


def test_zip_slip_names_are_never_paths(tmp_path):
    _zip(tmp_path / "slip.zip", {"../../evil.ipynb": NOTEBOOK})
    (found,) = inputs.discover([tmp_path / "slip.zip"])
    assert found.content == NOTEBOOK  # read in memory; nothing was written anywhere
    assert not (tmp_path.parent.parent / "evil.ipynb").exists()


def test_zip_bomb_is_refused(tmp_path):
    _zip(tmp_path / "bomb.zip", {"nb.ipynb": b"0" * (inputs.MAX_NOTEBOOK_BYTES + 1)}, zipfile.ZIP_DEFLATED)
    (found,) = inputs.discover([tmp_path / "bomb.zip"])
    assert found.content is None and "too large" in found.error


def test_bad_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "corrupt.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "empty.ipynb").write_bytes(b"")
    (tmp_path / "fine.ipynb").write_bytes(NOTEBOOK)
    found = {
        s.path.split("/")[-1]: s for s in inputs.discover([tmp_path, tmp_path / "missing.ipynb", tmp_path / "x.txt"])
    }
    assert "not a readable zip" in found["corrupt.zip"].error
    assert found["fine.ipynb"].content == NOTEBOOK
    assert found["missing.ipynb"].error == "no such file or folder"
    with pytest.raises(ValueError, match="not a readable Jupyter notebook"):
        notebook_sources(found["empty.ipynb"].content)
    assert notebook_sources(NOTEBOOK) == ["x = 1"]


def test_hidden_folders_and_links_are_skipped(tmp_path):
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "old.ipynb").write_bytes(NOTEBOOK)
    (tmp_path / "link.ipynb").symlink_to("/etc/passwd")
    assert list(inputs.discover([tmp_path])) == []


def test_renamed_notebook_has_the_same_identity_and_hash(tmp_path):
    (tmp_path / "linear_models.ipynb").write_bytes(NOTEBOOK)
    (tmp_path / "linear_models (1).ipynb").write_bytes(NOTEBOOK)
    first, second = inputs.discover([tmp_path])
    assert first.sha256 == second.sha256 and first.student == second.student is None
    assert first.content == second.content
