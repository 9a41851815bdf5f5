"""Finding submissions: LMS identities, zips read in memory and safely, bad files reported."""

import dataclasses
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from autograder.engine import inputs
from autograder.execute import notebook_sources

CELL = {"cell_type": "code", "id": "c1", "source": "x = 1", "metadata": {}, "outputs": [], "execution_count": None}
NOTEBOOK = json.dumps({"cells": [CELL], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
CANVAS_NAME = "doejohn_4242_1_linear_models.ipynb"


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


def test_canvas_names_count_only_where_canvas_puts_them(tmp_path):
    """A Canvas download is flat: a name deeper inside a folder was chosen by a student."""
    (tmp_path / CANVAS_NAME).write_bytes(NOTEBOOK)
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / CANVAS_NAME).write_bytes(NOTEBOOK)
    (tmp_path / "submission_metadata.yml").write_text("submission_101:\n  :submitters:\n  - :sid: 'S1'\n")
    for folder in ("submission_101", "submission_102"):  # 102 is not in the metadata
        (tmp_path / folder).mkdir()
        (tmp_path / folder / CANVAS_NAME).write_bytes(NOTEBOOK)
    found = {str(Path(s.path).relative_to(tmp_path)): s.student for s in inputs.discover([tmp_path])}
    assert found == {
        CANVAS_NAME: "4242",
        f"student/{CANVAS_NAME}": None,
        f"submission_101/{CANVAS_NAME}": "S1",
        f"submission_102/{CANVAS_NAME}": None,
    }
    (given,) = inputs.discover([tmp_path / "student" / CANVAS_NAME])
    assert given.student == "4242"


@pytest.mark.parametrize(
    "metadata, expected",
    [
        (  # entries and submitters of the wrong shape
            "submission_1: [1, 2]\nsubmission_2: text\nsubmission_3:\n  :submitters: 5\n"
            "submission_4:\n  :submitters: [text, {':sid': S4}]\n",
            {"submission_4": "S4"},
        ),
        ("- a\n- b\n", {}),
        ("submission_1: [unclosed\n", {}),
        ("submission_1: " + "[" * 3000 + "]" * 3000 + "\n", {}),  # deeper than the parser can recurse
        (  # values that are not plain strings are not identities
            "submission_1:\n  :submitters:\n  - :sid: [a, b]\n    :email: e@example.edu\n"
            "submission_2:\n  :submitters:\n  - :sid: 12345\n"
            "submission_3:\n  :submitters:\n  - :sid: true\n    :name: {a: b}\n",
            {"submission_1": "e@example.edu", "submission_2": "12345"},
        ),
        ('submission_1:\n  :submitters:\n  - :sid: "\\e[2J\\nS1"\n', {"submission_1": "\\x1b[2J\\x0aS1"}),
        (
            "submission_1:\n  :submitters:\n  - :sid: S1\n" + "#" * inputs.MAX_METADATA_BYTES + "\n",
            {},
        ),
    ],
    ids=["shapes", "list", "yaml-error", "too-deep", "non-strings", "control-characters", "too-large"],
)
def test_gradescope_metadata_is_hostile_data(tmp_path, metadata, expected):
    (tmp_path / "submission_metadata.yml").write_text(metadata)
    assert inputs.gradescope_identities(tmp_path) == expected


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> None:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_otter_export_reads_only_the_notebook(tmp_path):
    marker = tmp_path / "pwned"
    payload = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    _zip(tmp_path / "export.zip", {"linear_models.ipynb": NOTEBOOK, ".OTTER_LOG": payload})
    (found,) = inputs.discover([tmp_path / "export.zip"])
    assert found.error is None and found.read() == NOTEBOOK and found.member == "linear_models.ipynb"
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
    assert message in found.error
    with pytest.raises(ValueError, match=message):
        found.read()


def test_zip_slip_names_are_never_paths(tmp_path):
    _zip(tmp_path / "slip.zip", {"../../evil.ipynb": NOTEBOOK})
    (found,) = inputs.discover([tmp_path / "slip.zip"])
    assert found.read() == NOTEBOOK  # read in memory; nothing was written anywhere
    assert not (tmp_path.parent.parent / "evil.ipynb").exists()


def test_zip_bomb_is_refused(tmp_path):
    _zip(tmp_path / "bomb.zip", {"nb.ipynb": b"0" * (inputs.MAX_NOTEBOOK_BYTES + 1)}, zipfile.ZIP_DEFLATED)
    (found,) = inputs.discover([tmp_path / "bomb.zip"])
    assert "too large" in found.error


def _corrupt_zip(path, local: dict[int, bytes], central: dict[int, bytes], data: bytes = b"") -> None:
    """A one-notebook deflate zip with bytes overwritten at offsets of its local header, of its
    central directory entry, and at the start of its compressed data."""
    _zip(path, {"nb.ipynb": NOTEBOOK}, zipfile.ZIP_DEFLATED)
    raw = bytearray(path.read_bytes())
    directory = struct.unpack_from("<L", raw, len(raw) - 6)[0]
    data_at = 30 + sum(struct.unpack_from("<HH", raw, 26))
    for base, patches in ((0, local), (directory, central), (data_at, {0: data})):
        for offset, replacement in patches.items():
            raw[base + offset : base + offset + len(replacement)] = replacement
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize(
    "local, central, data, message",
    [
        ({14: b"\0\0\0\0"}, {16: b"\0\0\0\0"}, b"", "corrupt (Bad CRC-32"),
        ({6: b"\x01"}, {8: b"\x01"}, b"", "encrypted"),
        ({8: b"\x09"}, {10: b"\x09"}, b"", "compression method 9"),  # Deflate64
        ({}, {}, b"\xff" * 8, "corrupt"),  # a deflate block of the reserved type
        ({0: b"PK\0\0"}, {}, b"", "corrupt (Bad magic number"),
    ],
    ids=["crc", "encrypted", "deflate64", "deflate-stream", "local-header"],
)
def test_zip_that_fails_on_read_is_that_inputs_error(tmp_path, local, central, data, message):
    _corrupt_zip(tmp_path / "bad.zip", local, central, data)
    (tmp_path / "fine.ipynb").write_bytes(NOTEBOOK)
    bad, fine = inputs.discover([tmp_path])
    assert bad.path.endswith("bad.zip") and message in bad.error and "\n" not in bad.error
    assert fine.read() == NOTEBOOK


def _parse_fails(*args, **kwargs):
    raise AssertionError("the zip's central directory must not be parsed")


def _set_entry_count(path, count: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[-12:-8] = struct.pack("<HH", count, count)
    path.write_bytes(bytes(raw))


def test_zip_with_too_many_files_is_refused_before_parsing(tmp_path, monkeypatch):
    _zip(tmp_path / "many.zip", {f"{n}.txt": b"" for n in range(inputs.MAX_ZIP_MEMBERS + 1)})
    _zip(tmp_path / "zip64.zip", {"nb.ipynb": NOTEBOOK})
    _set_entry_count(tmp_path / "zip64.zip", 0xFFFF)
    names_past_the_cap = inputs.MAX_CENTRAL_DIRECTORY_BYTES // 4000 + 1
    _zip(tmp_path / "lying.zip", {f"{n:04}".ljust(4000, "x"): b"" for n in range(names_past_the_cap)})
    _set_entry_count(tmp_path / "lying.zip", 1)  # zipfile parses the whole directory whatever the count says
    with open(tmp_path / "huge.zip", "wb") as sparse:
        sparse.truncate(inputs.MAX_ZIP_BYTES + 1)
    monkeypatch.setattr(inputs.zipfile, "ZipFile", _parse_fails)
    found = {Path(s.path).name: s.error for s in inputs.discover([tmp_path])}
    assert found == {
        "huge.zip": "zip larger than 64 MiB",
        "lying.zip": "zip holds too many files",
        "many.zip": "zip holds too many files",
        "zip64.zip": "zip holds too many files (ZIP64)",
    }


def test_bad_files_are_reported_not_fatal(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "corrupt.zip").write_bytes(b"PK\x03\x04 not really")
    (folder / "empty.ipynb").write_bytes(b"")
    (folder / "fine.ipynb").write_bytes(NOTEBOOK)
    (tmp_path / "x.txt").write_bytes(NOTEBOOK)
    found = {
        s.path.split("/")[-1]: s for s in inputs.discover([folder, tmp_path / "missing.ipynb", tmp_path / "x.txt"])
    }
    assert "not a readable zip" in found["corrupt.zip"].error
    assert found["fine.ipynb"].read() == NOTEBOOK
    assert found["empty.ipynb"].read() == b""  # found; whether it is a notebook is for grading to say
    assert found["missing.ipynb"].error == "no such file or folder"
    assert found["x.txt"].error == "not a notebook or a zip: x.txt"


def test_empty_file_is_not_a_notebook(tmp_path):
    (tmp_path / "empty.ipynb").write_bytes(b"")
    (tmp_path / "fine.ipynb").write_bytes(NOTEBOOK)
    found = {s.path.split("/")[-1]: s for s in inputs.discover([tmp_path])}
    with pytest.raises(ValueError, match="not a readable Jupyter notebook"):
        notebook_sources(found["empty.ipynb"].read())
    assert notebook_sources(NOTEBOOK) == ["x = 1"]


def test_paths_that_cannot_be_examined_are_their_own_errors(tmp_path, monkeypatch):
    """A path that cannot be stat'ed, a folder that cannot be listed, a FIFO named like a notebook
    (reading it would block forever): each is reported and the walk goes on."""
    locked = tmp_path / "a_locked"
    locked.mkdir()
    (locked / "nb.ipynb").write_bytes(NOTEBOOK)
    os.mkfifo(tmp_path / "b_pipe.ipynb")
    (tmp_path / "c_fine.ipynb").write_bytes(NOTEBOOK)

    def refusing(real):
        def call(path=".", *args, **kwargs):
            if Path(path) == locked:  # root can list anything: refuse as a permission bit would
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "scandir", refusing(os.scandir))
    monkeypatch.setattr(os, "listdir", refusing(os.listdir))
    too_long = tmp_path / ("x" * 300 + ".ipynb")
    found = [(Path(s.path).name[:10], s.error) for s in inputs.discover([tmp_path, too_long])]
    assert found == [
        ("a_locked", "cannot list this folder: Permission denied"),
        ("b_pipe.ipy", "not a regular file"),
        ("c_fine.ipy", None),
        ("x" * 10, "cannot read: File name too long"),
    ]


def test_file_names_that_are_not_utf8_are_data(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.ipynb"), "wb") as latin1:
        latin1.write(NOTEBOOK)
    (tmp_path / "line\nbreak.ipynb").write_bytes(NOTEBOOK)
    café = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.ipynb")))
    found = [*inputs.discover([tmp_path]), *inputs.discover([café])]
    assert [Path(s.path).name for s in found] == ["caf\\xe9.ipynb", "line\\x0abreak.ipynb", "caf\\xe9.ipynb"]
    for submission in found:
        submission.path.encode("utf-8")  # recorded anywhere without an error
        assert submission.read() == NOTEBOOK


def test_deeply_nested_folders_are_walked_iteratively_and_capped(tmp_path):
    """An extracted student zip can nest folders a thousand deep: the walk does not recurse, stops
    at MAX_DEPTH, and says what it skipped."""
    bottom = tmp_path
    for _ in range(1000):  # not mkdir(parents=True): it recurses
        bottom = bottom / "d"
        bottom.mkdir()
    (bottom / "deep.ipynb").write_bytes(NOTEBOOK)
    (tmp_path / "d" / "d" / "shallow.ipynb").write_bytes(NOTEBOOK)
    try:
        shallow, skipped = inputs.discover([tmp_path])
        assert shallow.read() == NOTEBOOK
    finally:  # shutil.rmtree recurses too: take the tower down from the bottom
        (bottom / "deep.ipynb").unlink()
        (tmp_path / "d" / "d" / "shallow.ipynb").unlink()
        for level in range(1000, 0, -1):
            Path(tmp_path, *["d"] * level).rmdir()
    assert shallow.path == str(tmp_path / "d" / "d" / "shallow.ipynb")
    assert skipped.path == str(Path(tmp_path, *["d"] * (inputs.MAX_DEPTH + 1)))
    assert skipped.error == f"folders nested deeper than {inputs.MAX_DEPTH} levels were skipped"


def test_a_folder_with_too_many_entries_is_cut_short_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_ENTRIES", 5)
    for n in range(6):
        (tmp_path / f"{n}.ipynb").write_bytes(NOTEBOOK)
    (found,) = inputs.discover([tmp_path])
    assert found.path == str(tmp_path) and found.error == "more than 5 files and folders; the rest were skipped"


def test_discovery_keeps_hashes_not_notebooks(tmp_path):
    (tmp_path / "nb.ipynb").write_bytes(NOTEBOOK)
    (found,) = inputs.discover([tmp_path])
    assert [f.name for f in dataclasses.fields(found)] == ["path", "student", "sha256", "error", "source", "member"]
    assert found.source == tmp_path / "nb.ipynb" and found.member is None
    assert found.read() == NOTEBOOK
    (tmp_path / "nb.ipynb").write_bytes(NOTEBOOK + b" ")
    with pytest.raises(ValueError, match="changed since it was found"):
        found.read()


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
    assert first.read() == second.read()


def test_a_byte_order_mark_is_dropped(tmp_path):
    """Some editors start a UTF-8 file with a byte order mark, which JSON parsers (and so the worker's
    nbformat) refuse: the same notebook without it is what gets graded."""
    (tmp_path / "bom.ipynb").write_bytes(inputs.UTF8_BOM + NOTEBOOK)
    (tmp_path / "plain.ipynb").write_bytes(NOTEBOOK)
    bom, plain = inputs.discover([tmp_path])
    assert bom.read() == plain.read() == NOTEBOOK and bom.sha256 == plain.sha256
