"""The grader's own process: what it imports, and which uids it hands its worker slots.

The trusted side parses no notebook and runs no student code, so it has no use for jax, IPython or
matplotlib: only the warm template (which preloads ``autograder.engine.worker``) imports them.
As root, each worker slot gets a uid of its own from blocks this process claims, however many
slots ``--workers`` asks for.
"""

import fcntl
import json
import os
import subprocess
import sys

import pytest

from autograder.engine import uids
from autograder.engine.template import SAFE_PATH, TEMPLATE_ENVIRONMENT
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


WORKER_ENVIRONMENTS = """
import ctypes, json, os, shutil, signal, sys, time
import multiprocessing.forkserver as forkserver
from autograder.engine.template import template

ctypes.CDLL(None).setenv(b"NATIVE_CANARY", b"set-by-a-c-library", 1)  # as readline sets LINES
os.environ["GRADER_CANARY"] = "the-course-secret"


def environment_of_a_new_process(name):
    process = template().Process(target=shutil.copyfile, args=("/proc/self/environ", name))
    process.start()
    process.join(60)
    with open(name, "rb") as handle:
        return sorted(item.decode() for item in handle.read().split(b"\\0") if item)


first = environment_of_a_new_process(sys.argv[1] + "/first")
pid = forkserver._forkserver._forkserver_pid
os.kill(pid, signal.SIGKILL)
while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
    time.sleep(0.05)
restarted = environment_of_a_new_process(sys.argv[1] + "/restarted")
new_pid = forkserver._forkserver._forkserver_pid
print(json.dumps({"first": first, "restarted": restarted, "new": new_pid != pid, "kept": os.environ["GRADER_CANARY"]}))
"""


def test_the_template_gets_a_minimal_environment_also_when_restarted(tmp_path):
    """Every worker is forked from the template, whose start-up environment stays on its stack, so
    the template must not see the grader's environment: neither a variable a C library set natively
    (not in ``os.environ``), nor, when the template died and multiprocessing starts a new one, the
    grader's whole environment (in a fresh interpreter: the template is one per process)."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER_ENVIRONMENTS, str(tmp_path)], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["new"] and seen["kept"] == "the-course-secret", seen
    allowed = set(TEMPLATE_ENVIRONMENT) | set(SAFE_PATH)
    for when in ("first", "restarted"):
        names = {item.partition("=")[0] for item in seen[when]}
        assert "PATH" in names and names <= allowed, (when, sorted(names - allowed))


UNGUARDED_SCRIPT = """
import sys
from dataclasses import replace
from pathlib import Path
from autograder import lessons
from autograder.engine.batch import Options, grade
options = replace(Options(Path(sys.argv[2]), "s", lessons.load("linear_models"), 1), progress=False)
grade([Path(sys.argv[1])], options)
print("graded a batch", flush=True)
"""


@pytest.mark.slow
def test_a_script_without_a_main_guard_grades_once(tmp_path):
    """multiprocessing prepares a new process by importing the parent's main module: a script that
    calls ``grade`` at its top level, with no ``__main__`` guard, ran its batch again in every worker
    (``autograder/engine/template_setup.py``)."""
    script, notebook, out = tmp_path / "grade_all.py", tmp_path / "empty.ipynb", tmp_path / "out"
    script.write_text(UNGUARDED_SCRIPT)
    notebook.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    command = [sys.executable, str(script), str(notebook), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.stdout.count("graded a batch") == 1, (result.stdout, result.stderr[-2000:])
    (line,) = (out / "results.jsonl").read_text().splitlines()
    assert json.loads(line)["status"] == "graded"
