"""``autograder`` on the command line: one-line errors, exit codes, resume after Ctrl-C."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder.cli import main
from autograder.engine import usage


def test_grade_needs_a_secret(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)
    with pytest.raises(SystemExit, match="course secret"):
        main(["grade", str(tmp_path), "--out", str(tmp_path / "out")])


def test_empty_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--secret", "s"]) == 1
    assert "no notebooks (.ipynb) or zips found" in capsys.readouterr().err


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "file" / "out"), "--secret", "s"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("autograder grade: error:") and len(err.splitlines()) == 1


def test_bad_limits_are_refused(tmp_path):
    with pytest.raises(SystemExit, match="--workers >= 1"):
        main(["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--secret", "s", "--workers", "0"])


AS_FROM_A_TERMINAL = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
    " signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); os.execv(sys.executable, sys.argv[1:])"
)
"""Runs the command after it in the same process with SIGINT as a shell's foreground job has it
(default, unblocked). SIGINT ignored or blocked passes on to every process started, and a shell
without job control ignores it in the commands it starts in the background (``(make test &)``): two
full runs started so saw the batch go on to the end after Ctrl-C, as it does every time under a
parent that ignores SIGINT. (A ``preexec_fn`` would do the same, but forks a process that imported
jax, which warns.)"""


def _signal_state(pid: int) -> list[str]:
    """The kernel's view of a process's signals (bit masks), for a failure message."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return []
    return [line for line in lines if line.startswith(("SigBlk", "SigIgn", "SigCgt"))]


@pytest.mark.slow
def test_interrupted_batch_keeps_results_and_resumes(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (reference,) = [e for e in corpus.entries("correct") if e.path.stem == "reference"]
    for index in range(3):
        notebook = corpus.build(reference, master_loop=False)
        notebook.cells.append(nbformat.v4.new_code_cell(f"submission_number = {index}"))
        nbformat.write(notebook, inbox / f"student{index}.ipynb")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(inbox), "--out", str(out), "--workers", "1", "--quiet"]
    env = {**os.environ, "AUTOGRADER_SECRET": "s"}
    interruptible = [sys.executable, "-c", AS_FROM_A_TERMINAL, *command]
    process = subprocess.Popen(interruptible, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not (results.exists() and results.read_text().count("\n") >= 1):
        time.sleep(0.5)
    signals = _signal_state(process.pid)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 130, (signals, stdout)
    assert "interrupted" in stdout
    finished = [json.loads(line) for line in results.read_text().splitlines()]
    assert 1 <= len(finished) < 3 and all(r["status"] == "graded" for r in finished)

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"({len(finished)} reused from the gradebook)" in again.stdout
    final = [json.loads(line) for line in results.read_text().splitlines()]
    assert sorted(r["submission"] for r in final) == sorted(str(p) for p in inbox.iterdir())
    assert all((r["status"], r["score"]) == ("graded", 10.0) for r in final)


def _descendants(pid: int) -> set[int]:
    """Every process whose chain of parents reaches ``pid`` (the tree the grader charges a worker for)."""
    return set(usage.ProcessTable(max_age_s=0.0).tree(pid)) - {pid}


@pytest.mark.slow
def test_a_killed_grader_leaves_no_worker_running(tmp_path):
    """SIGKILL gives the grader no chance to stop its workers: each must end with it (parent-death
    signals down the chain template, worker, namespace init), not run student code on for the
    CPU-time backstop's 40 minutes."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    spin = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("while True:\n    pass")])
    nbformat.write(spin, inbox / "spin.ipynb")
    command = [sys.executable, "-m", "autograder", "grade", str(inbox), "--out", str(tmp_path / "out"), "--quiet"]
    process = subprocess.Popen(command, env={**os.environ, "AUTOGRADER_SECRET": "s"})
    deadline, workers = time.monotonic() + 120, set()
    while time.monotonic() < deadline and len(workers) < 3:  # template, worker, its namespace's init
        time.sleep(0.5)
        workers = _descendants(process.pid)
    assert len(workers) >= 2, workers
    time.sleep(2)  # the student's loop is running
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.5)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not alive, [Path(f"/proc/{pid}/cmdline").read_bytes()[:80] for pid in alive]


SECRET_SEARCH = r"""
import ctypes
import re

SECRET = re.compile(rb"zq[0-9a-f]{24}qz")  # the test's secret; this pattern does not match itself
right, scanned, found = linear_model, 0, False


def linear_model(theta, x):  # wrong unless the scan below completes without finding the secret
    return 0 * x


with open("/proc/self/maps") as maps:
    regions = [line.split() for line in maps]
for parts in regions:  # anonymous memory: heap, stack and mmapped arenas, where Python objects live
    start, end = (int(v, 16) for v in parts[0].split("-"))
    name = parts[5] if len(parts) > 5 else ""
    if parts[1].startswith("r") and (not name or name in ("[heap]", "[stack]")):
        block = ctypes.string_at(start, end - start)
        scanned += len(block)
        found = found or bool(SECRET.search(block))
if not found and scanned > 50 << 20:  # the secret would give every student's hidden seed
    linear_model = right
"""


@pytest.mark.slow
def test_secret_on_the_command_line_never_reaches_a_worker(tmp_path):
    """``--secret`` is in the grader's argv, which multiprocessing hands to every process it starts."""
    (reference,) = [e for e in corpus.entries("correct") if e.path.stem == "reference"]
    notebook = corpus.build(reference, master_loop=False)
    notebook.cells.append(nbformat.v4.new_code_cell(SECRET_SEARCH))
    nbformat.write(notebook, tmp_path / "search.ipynb")
    secret = f"zq{os.urandom(12).hex()}qz"
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(tmp_path / "search.ipynb"), "--out", str(out)]
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_SECRET"}
    finished = subprocess.run([*command, "--secret", secret, "--quiet"], env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    (result,) = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert (result["status"], result["score"]) == ("graded", 10.0), result["tests"][0]
