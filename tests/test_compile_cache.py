"""The compile cache's trusted side: names, sizes and files of what a warm-up worker compiled, and
a cache folder shared by batches."""

import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from autograder import cli, compile_cache, lessons
from autograder.engine import batch

LESSON = lessons.load("linear_models")


def test_entries_round_trip_through_the_wire_and_a_folder(tmp_path):
    entries = {"jit__mean-0a1b-cache": b"\x00\x01program", "jit_add-ff-cache": b"x" * 1000}
    assert compile_cache.from_wire(compile_cache.to_wire(entries)) == entries
    compile_cache.write(tmp_path / "cache", entries)
    assert compile_cache.read(tmp_path / "cache") == entries


def test_a_warm_up_keeps_jax_operations_and_drops_programs_of_reference_functions():
    """Every worker gets the cache before its notebook runs: a compiled reference loss or probe
    (``jit_loop_loss``) there would hand it the reference before its question."""
    key = "0123abcd" * 8
    found = {f"jit_{name}-{key}-cache": b"x" for name in ("add", "integer_pow", "_mean", "multiply")}
    found |= {f"jit_{name}-{key}-cache": b"x" for name in ("loop_loss", "shifted_model", "mseloss", "rebuilt_call")}
    kept = compile_cache.operations_only(found)
    assert sorted(name.split("-")[0] for name in kept) == ["jit__mean", "jit_add", "jit_integer_pow", "jit_multiply"]


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


def test_batches_writing_one_shared_folder_at_once_leave_one_whole_copy(tmp_path):
    folder = tmp_path / "shared" / "lesson" / "digest"
    entries = {f"e{i}-cache": bytes([i]) * 4096 for i in range(40)}
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: compile_cache.write(folder, entries), range(32)))
    assert compile_cache.read(folder) == entries
    assert [path.name for path in folder.parent.iterdir()] == ["digest"], "no partial copy left behind"


def test_keeping_a_warm_up_removes_other_versions_only(tmp_path):
    ours, other = tmp_path / "lesson" / "abc123", tmp_path / "lesson" / "def456"
    compile_cache.write(other, {"old-cache": b"1"})
    assert batch.keep_warmed(ours, {"new-cache": b"2"}) == {"new-cache": b"2"}
    assert [path.name for path in ours.parent.iterdir()] == ["abc123"]
    assert batch.keep_warmed(ours, "the solution lost points") == {}  # a failed warm-up keeps nothing new
    assert compile_cache.read(ours) == {"new-cache": b"2"}


def test_a_shared_cache_comes_from_the_environment_or_the_command_and_is_hidden_from_workers(tmp_path, monkeypatch):
    monkeypatch.setenv(batch.SHARED_COMPILE_CACHE, str(tmp_path / "from-env"))
    assert batch.Options(tmp_path / "out", "s", LESSON).compile_cache == tmp_path / "from-env"
    monkeypatch.delenv(batch.SHARED_COMPILE_CACHE)
    options = batch.Options(tmp_path / "out", "s", LESSON)
    assert options.compile_cache is None
    assert batch._compile_cache_folder(options).parent == tmp_path / "out" / batch.COMPILE_CACHE / LESSON.name
    shared = replace(options, compile_cache=tmp_path / "shared")
    assert batch._compile_cache_folder(shared).parent == tmp_path / "shared" / LESSON.name
    hidden = batch._Batch(shared, [tmp_path]).hide
    assert str((tmp_path / "shared").resolve()) in hidden
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o700
    parsed = cli._parser().parse_args(["grade", "x.ipynb", "--out", "o", "--compile-cache", str(tmp_path / "c")])
    assert parsed.compile_cache == tmp_path / "c"
