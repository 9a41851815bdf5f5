"""``autograder grade`` as an ordinary user: what the sandbox still achieves without root.

As root (CI, Gradescope) the test drops to ``nobody`` with ``setpriv`` and runs the real CLI; as a
non-root user it runs the CLI as itself. Both must grade correctly; without root the worker keeps
its network, mount and PID namespaces inside a user namespace where the kernel allows one.

``nobody`` must reach the checkout and its virtual environment. A clone in a private folder (mode
0700, as ``mktemp -d`` makes) is out of its reach, so there the command runs in a mount namespace
of its own where the checkout (and the environment, if it lies elsewhere) is bound at a path
under a world-readable temporary folder, with ``PYTHONPATH`` naming that copy of the package (the
editable install points at the private path).
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder.engine import landlock

pytestmark = pytest.mark.slow

NOBODY = 65534
OWN_FILE = """
class OwnFileRead(Exception):
    pass


try:
    with open({path!r}, "a") as notes:
        notes.write("changed by a submission")
except OSError:
    pass
try:
    with open({path!r}) as notes:
        if "private" in notes.read():
            raise OwnFileRead()
except OSError:
    pass
"""
"""A submission that reads and appends to a file the grading user owns outside every folder the
grader hides: only the filesystem allowlist (``autograder/engine/landlock.py``) stops it."""


def _private(path: Path) -> bool:
    """Whether other users cannot reach ``path``: some folder on the way is not searchable by them."""
    return any(not folder.stat().st_mode & stat.S_IXOTH for folder in [*reversed(path.parents), path])


BIND_THEN_RUN = (
    'n=$1; shift; while [ "$n" -gt 0 ]; do mount --bind "$1" "$2" || exit 1; shift 2; n=$((n-1)); done; exec "$@"'
)
"""``sh -c`` script: bind N pairs of folders (source, target), then run the rest of its arguments."""


def _reachable(shared: Path) -> tuple[list[str], dict[str, str], Path]:
    """What it takes for ``nobody`` to run this checkout: a command prefix (none, or a mount namespace
    binding the private folders under ``shared``), extra environment, and the interpreter's path."""
    root, prefix, python = corpus.ROOT, Path(sys.prefix), Path(sys.executable)
    binds = {root: shared / "project"} if _private(root) else {}
    if _private(prefix) and not prefix.is_relative_to(root):
        binds[prefix] = shared / "environment"
    if not binds:
        return [], {}, python
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip(f"nobody cannot reach {root}, and unshare is missing to bind it where nobody can")
    pairs = []
    for source, target in binds.items():
        target.mkdir(mode=0o755)
        pairs += [str(source), str(target)]
        if python.is_relative_to(source):
            python = target / python.relative_to(source)
    launcher = [unshare, "--mount", "--propagation", "private", "/bin/sh", "-c", BIND_THEN_RUN, "sh"]
    return [*launcher, str(len(binds)), *pairs], {"PYTHONPATH": str(binds.get(root, root))}, python


def _as_ordinary_user(arguments: list[str], shared: Path) -> tuple[list[str], dict[str, str]]:
    """This interpreter with ``arguments``, as ``nobody`` when root, and the environment it needs."""
    if os.getuid() != 0:
        return [sys.executable, *arguments], {}
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is needed to drop from root to nobody")
    prefix, env, python = _reachable(shared)
    drop = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return [*prefix, *drop, str(python), *arguments], env


@pytest.fixture
def own_file():
    """A private file of the grading user (``nobody`` when the tests run as root), outside /tmp, the
    checkout and the inputs (``corpus.folder_outside``)."""
    folder = corpus.folder_outside("autograder-own-files-")
    path = folder / "notes.txt"
    path.write_text("private notes")
    path.chmod(0o600)
    if os.getuid() == 0:
        for owned in (folder, path):
            os.chown(owned, NOBODY, NOBODY)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def shared_tmp():
    """A folder an unprivileged user can reach (pytest's own tmp_path lies under a 0700 folder)."""
    path = Path(tempfile.mkdtemp(prefix="autograder-unprivileged-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_grading_as_an_ordinary_user(shared_tmp, own_file):
    tmp_path = shared_tmp
    if sys.prefix.startswith("/root"):
        pytest.skip("this interpreter lives under /root, which nobody cannot read (use Debian's python3 venv)")
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    (reference,) = [e for e in corpus.entries("correct") if e.path.stem == "reference"]
    nbformat.write(corpus.build(reference, master_loop=False), inbox / "reference.ipynb")
    (unmount,) = [e for e in corpus.entries("abuse") if e.path.stem == "unmount_masks"]
    nbformat.write(corpus.build(unmount, master_loop=False), inbox / "unmount.ipynb")
    (inbox / "network.ipynb").write_text(
        nbformat.writes(
            nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=3)")]
            )
        )
    )
    own = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(OWN_FILE.format(path=str(own_file)))])
    (inbox / "own-files.ipynb").write_text(nbformat.writes(own))
    for path in (tmp_path, inbox, *inbox.iterdir()):
        path.chmod(0o777)
    command, extra = _as_ordinary_user(
        ["-m", "autograder", "grade", str(inbox), "--out", str(out), "--quiet"], tmp_path
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "AUTOGRADER_SECRET": "s", **extra}
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    results = {os.path.basename(r["submission"]): r for r in map(json.loads, (out / "results.jsonl").open())}
    assert (results["reference.ipynb"]["status"], results["reference.ipynb"]["score"]) == ("graded", 10.0)
    isolation = results["reference.ipynb"]["isolation"]
    assert "net" in isolation["namespaces"], isolation
    unmounted = results["unmount.ipynb"]  # root in its user namespace: it must not undo its mounts
    assert unmounted["status"] in ("graded", "crashed") and unmounted["score"] == 0.0, unmounted
    assert {"ReferenceRead", "MaskDetached"}.isdisjoint(error for _, error in unmounted["cell_errors"]), unmounted
    if landlock.abi():  # the user's own files: nothing but the allowlist keeps them from the worker
        owned = results["own-files.ipynb"]
        assert owned["status"] == "graded" and not owned["cell_errors"], owned
        assert owned["isolation"]["landlock"] == landlock.abi(), owned["isolation"]
        assert own_file.read_text() == "private notes"
    network = results["network.ipynb"]
    assert network["status"] == "graded" and len(network["cell_errors"]) == 1, network
    assert network["cell_errors"][0][1] in ("OSError", "TimeoutError", "ConnectionRefusedError", "PermissionError"), (
        network
    )
