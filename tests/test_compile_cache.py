"""The compile cache's trusted side: names, sizes and files of what a warm-up worker compiled."""

import numpy as np

from autograder import compile_cache


def test_entries_round_trip_through_the_wire_and_a_folder(tmp_path):
    entries = {"jit__mean-0a1b-cache": b"\x00\x01program", "jit_add-ff-cache": b"x" * 1000}
    assert compile_cache.from_wire(compile_cache.to_wire(entries)) == entries
    compile_cache.write(tmp_path / "cache", entries)
    assert compile_cache.read(tmp_path / "cache") == entries


def test_a_name_that_could_leave_its_folder_means_no_cache_at_all(tmp_path):
    for name in ("../escape", "a/b", "", ".hidden", "x" * 201, "tab\\tname", "/abs"):
        assert compile_cache.valid({"ok-cache": b"1", name: b"2"}) == {}, name
        compile_cache.write(tmp_path / "out", {name: b"2"})
    assert not (tmp_path / "escape").exists() and not list((tmp_path / "out").iterdir())


def test_too_many_or_too_large_entries_mean_no_cache():
    assert compile_cache.valid({f"e{i}": b"" for i in range(compile_cache.MAX_ENTRIES + 1)}) == {}
    assert compile_cache.valid({"big": b"x" * (compile_cache.MAX_BYTES + 1)}) == {}
    assert compile_cache.valid({"e": "not bytes"}) == {}


def test_only_byte_arrays_come_off_the_wire():
    assert compile_cache.from_wire({"e": np.zeros(3, dtype=np.float32)}) == {}
    assert compile_cache.from_wire({"e": np.zeros((2, 2), dtype=np.uint8)}) == {}
    assert compile_cache.from_wire(["e"]) == {}


def test_reading_skips_links_and_folders_and_a_missing_folder_is_empty(tmp_path):
    folder = tmp_path / "cache"
    compile_cache.write(folder, {"real-cache": b"1"})
    (folder / "link-cache").symlink_to(tmp_path / "elsewhere")
    (folder / "sub").mkdir()
    assert compile_cache.read(folder) == {"real-cache": b"1"}
    assert compile_cache.read(tmp_path / "missing") == {}
