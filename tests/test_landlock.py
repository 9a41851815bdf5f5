"""The worker's filesystem allowlist (``autograder/engine/landlock.py``): what it refuses, whoever
owns the files, and what it leaves to the worker.

Each probe runs in a fresh interpreter (a Landlock domain cannot be left), once restricted and once
not: the unrestricted control must succeed at every action, so a refusal proves the allowlist made it.
The end-to-end cases (an instructor's notebook outside every hidden folder, grading as an ordinary
user who owns the files) are in tests/test_engine.py and tests/test_unprivileged.py.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import corpus
from autograder.engine import landlock

pytestmark = pytest.mark.skipif(landlock.abi() == 0, reason="this kernel has no Landlock")

PROBE = """
import json, os, signal, socket, sys
from autograder.engine import landlock
readable, writable, elsewhere, port, restricted = json.loads(sys.argv[1])
abi = landlock.restrict(read=[readable], write=[writable]) if restricted else 0

def attempt(action):
    try:
        action()
        return "ok"
    except OSError as error:
        return error.strerror

def connect():
    socket.create_connection(("127.0.0.1", port), timeout=5).close()

print(json.dumps({
    "abi": abi,
    "read allowed": attempt(lambda: open(os.path.join(readable, "notes.txt")).read()),
    "write where only reading": attempt(lambda: open(os.path.join(readable, "notes.txt"), "a").write("x")),
    "write allowed": attempt(lambda: open(os.path.join(writable, "new.txt"), "w").write("x")),
    "read elsewhere": attempt(lambda: open(os.path.join(elsewhere, "secret.txt")).read()),
    "list elsewhere": attempt(lambda: os.listdir(elsewhere)),
    "write elsewhere": attempt(lambda: open(os.path.join(elsewhere, "secret.txt"), "a").write("x")),
    "tcp connect": attempt(connect),
    "signal outside": attempt(lambda: os.kill(os.getppid(), 0)),
}))
"""


def _probe(tmp_path: Path, port: int, restricted: bool) -> dict:
    folders = {name: tmp_path / name for name in ("readable", "writable", "elsewhere")}
    for folder in folders.values():
        folder.mkdir(exist_ok=True)
    (folders["readable"] / "notes.txt").write_text("allowed")
    (folders["elsewhere"] / "secret.txt").write_text("the instructor's")
    arguments = json.dumps([*(str(folder) for folder in folders.values()), port, restricted])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, arguments], capture_output=True, text=True, timeout=60, cwd=corpus.ROOT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_allowlist_refuses_what_it_does_not_name(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        control = _probe(tmp_path, port, restricted=False)
        restricted = _probe(tmp_path, port, restricted=True)
    assert all(outcome == "ok" for key, outcome in control.items() if key != "abi"), control
    assert restricted["abi"] == landlock.abi() > 0, restricted
    expected = {"read allowed": "ok", "write allowed": "ok"}
    expected |= dict.fromkeys(
        ["write where only reading", "read elsewhere", "list elsewhere", "write elsewhere"], "Permission denied"
    )
    if restricted["abi"] >= landlock.NET_ABI:
        expected["tcp connect"] = "Permission denied"
    if restricted["abi"] >= landlock.SCOPE_ABI:
        expected["signal outside"] = "Operation not permitted"
    assert {key: restricted[key] for key in expected} == expected, restricted


def test_workers_read_the_installation_but_not_the_checkout():
    """The folders a worker may read hold the interpreter and this package, never the checkout that
    holds the reference, the tests and the course's notebooks."""
    folders = [Path(folder) for folder in landlock.python_folders()]
    assert Path(sys.prefix).resolve() in folders
    assert Path(landlock.__file__).resolve().parents[1] in folders  # the autograder package
    root = corpus.ROOT.resolve()
    for private in ("solutions", "tests", "assignments", ".git"):
        assert not any((root / private).is_relative_to(folder) for folder in folders), (private, folders)
    assert all(os.path.isabs(folder) for folder in landlock.SYSTEM_READ)
