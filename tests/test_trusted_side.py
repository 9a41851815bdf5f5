"""The grader's own process: what it imports, and which uids it hands its worker slots.

The trusted side parses no notebook and runs no student code, so it has no use for jax, IPython or
matplotlib: only the warm template (which preloads ``autograder.engine.worker``) imports them.
As root, each worker slot gets a uid of its own from blocks this process claims, however many
slots ``--workers`` asks for.
"""

import fcntl
import os
import subprocess
import sys

import pytest

from autograder.engine import uids
from autograder.engine.uids import BASE_UID, UID_BLOCK, UidBlocks

WORKER_ONLY = ("jax", "IPython", "matplotlib")


def test_the_grader_imports_nothing_the_worker_preloads():
    """In a fresh interpreter: another test of this session may have imported jax already."""
    code = (
        "import sys\n"
        "import autograder.engine.batch, autograder.cli\n"
        f"print(sorted(set({WORKER_ONLY!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_slots_beyond_one_block_get_distinct_uids_in_claimed_blocks(tmp_path):
    blocks = UidBlocks(tmp_path / "locks")
    got = [blocks.uid(slot) for slot in range(131)]
    assert len(set(got)) == 131
    assert set(got) <= set(blocks.uids())
    claimed = {(uid - BASE_UID) // UID_BLOCK for uid in blocks.uids()}
    assert len(claimed) == 3, "131 slots need three blocks of 64"
    assert [blocks.uid(slot) for slot in range(131)] == got, "a slot keeps its uid"
    for block in claimed:  # held: another grader process cannot take them
        with open(tmp_path / "locks" / f"{block}.lock", "w") as handle, pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_second_grader_claims_other_blocks(tmp_path):
    first, second = UidBlocks(tmp_path), UidBlocks(tmp_path)
    mine = {first.uid(slot) for slot in range(70)}
    theirs = {second.uid(slot) for slot in range(70)}
    assert not mine & theirs


def test_a_negative_slot_is_refused(tmp_path):
    with pytest.raises(ValueError):
        UidBlocks(tmp_path).uid(-1)


@pytest.mark.skipif(os.getuid() != 0, reason="only root switches uids: others run workers as themselves")
def test_as_root_worker_uid_covers_130_slots(tmp_path, monkeypatch):
    monkeypatch.setattr(uids, "BLOCKS", UidBlocks(tmp_path))
    got = [uids.worker_uid(slot) for slot in range(131)]
    assert len(set(got)) == 131 and all(uid >= BASE_UID for uid in got)
    assert set(got) <= set(uids.BLOCKS.uids())


@pytest.mark.skipif(os.getuid() == 0, reason="as root, workers get uids of their own")
def test_without_root_workers_run_as_the_invoking_user():
    assert {uids.worker_uid(slot) for slot in (0, 64, 130)} == {os.getuid()}
