"""``autograder grade`` as an ordinary user: what the sandbox still achieves without root.

As root (CI, Gradescope) the test drops to ``nobody`` with ``setpriv`` and runs the real CLI; as a
non-root user it runs the CLI as itself. Both must grade correctly; without root the worker keeps
its network, mount and PID namespaces inside a user namespace where the kernel allows one.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

import corpus

pytestmark = pytest.mark.slow

NOBODY = 65534


def _as_ordinary_user(command: list[str]) -> list[str]:
    if os.getuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is needed to drop from root to nobody")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


@pytest.fixture
def shared_tmp():
    """A folder an unprivileged user can reach (pytest's own tmp_path lies under a 0700 folder)."""
    path = Path(tempfile.mkdtemp(prefix="autograder-unprivileged-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_grading_as_an_ordinary_user(shared_tmp):
    tmp_path = shared_tmp
    if sys.prefix.startswith("/root"):
        pytest.skip("this interpreter lives under /root, which nobody cannot read (use Debian's python3 venv)")
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    (reference,) = [e for e in corpus.entries("correct") if e.path.stem == "reference"]
    nbformat.write(corpus.build(reference), inbox / "reference.ipynb")
    (inbox / "network.ipynb").write_text(
        nbformat.writes(
            nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=3)")]
            )
        )
    )
    for path in (tmp_path, inbox, *inbox.iterdir()):
        path.chmod(0o777)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "AUTOGRADER_SECRET": "s"}
    command = _as_ordinary_user([sys.executable, "-m", "autograder", "grade", str(inbox), "--out", str(out), "--quiet"])
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    results = {os.path.basename(r["submission"]): r for r in map(json.loads, (out / "results.jsonl").open())}
    assert (results["reference.ipynb"]["status"], results["reference.ipynb"]["score"]) == ("graded", 10.0)
    isolation = results["reference.ipynb"]["isolation"]
    assert "net" in isolation["namespaces"], isolation
    network = results["network.ipynb"]
    assert network["status"] == "graded" and len(network["cell_errors"]) == 1, network
    assert network["cell_errors"][0][1] in ("OSError", "TimeoutError", "ConnectionRefusedError"), network
