"""``autograder grade --cluster``: a real Dask cluster on loopback (``dask scheduler`` and two ``dask
worker`` processes, each with a nanny that restarts it), graded as an instructor runs it.

The cluster's scores must be the local pool's; a worker killed mid-batch loses no submission and
records none twice; a submission whose worker keeps dying ends ``crashed`` after the scheduler's
``allowed-failures`` (1 here, so the test is short) as ``KilledWorker``, even when every worker dies
at once with the compile cache the tasks carry (a scattered cache was lost then, and every task still
to run cancelled); a scheduler that goes away ends the batch with
what finished kept, and the same command against a new scheduler grades the rest.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

import corpus
from autograder import compile_cache
from autograder.engine.batch import COMPILE_CACHE, SHARED_COMPILE_CACHE, Options, _compile_cache_folder, grade
from autograder.engine.cluster import grade_on_worker

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cluster")]
DASK = Path(sys.executable).with_name("dask")
ENTRIES = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes")}
GRADING = grade_on_worker.__name__
"""The names of grading tasks start with it (``Client.submit`` names a task after its function)."""
SLEEP_S = 6
"""How long the slow notebooks wait, so that a worker can be killed while it grades one."""


def _write_inbox(folder: Path, slow: int = 3) -> None:
    """Three quick notebooks, ``slow`` slow ones and a broken file."""
    folder.mkdir()
    for name in ("correct/reference", "mistakes/loss_sum", "mistakes/grad_sign"):
        nbformat.write(corpus.build(ENTRIES[name], master_loop=False), folder / f"{name.replace('/', '-')}.ipynb")
    for index in range(slow):
        slow = corpus.build(ENTRIES["mistakes/init_not_random"], master_loop=False)
        slow.cells.append(nbformat.v4.new_code_cell(f"import time\ntime.sleep({SLEEP_S + index})"))
        nbformat.write(slow, folder / f"slow{index}.ipynb")
    (folder / "broken.ipynb").write_text("{ not json")


class _Cluster:
    """A scheduler and two nanny workers, each a process of its own, on 127.0.0.1."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        env = {
            **os.environ,
            "DASK_DISTRIBUTED__WORKER__DAEMON": "False",  # the worker's sandboxes are its child processes
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        }
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "start_new_session": True}
        common = ["--no-dashboard", "--host", "127.0.0.1"]
        self.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--port", "0", "--scheduler-file", self.file, *common], **quiet
        )
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        worker = [DASK, "worker", "--scheduler-file", self.file, "--nthreads", "1", *common]
        self.workers = [subprocess.Popen(worker, **quiet) for _ in range(2)]
        from distributed import Client

        self.client = Client(scheduler_file=str(self.file), timeout=60)
        self.client.wait_for_workers(2, timeout=120)

    def kill_a_busy_worker(self, timeout_s: float = 120, every: bool = False) -> int:
        """Once a worker is grading a submission (not warming up, not computing the compile cache the
        tasks carry), SIGKILL its worker process (not its nanny), or with ``every`` the process of
        every worker at once; the busy one's pid."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                processing = self.client.processing().items()
                busy = [address for address, keys in processing if any(k.startswith(GRADING) for k in keys)]
                pids = self.client.run(os.getpid, workers=None if every else busy[:1]) if busy else {}
            except OSError:  # a worker that just died (or restarts) cannot answer
                pids = {}
            if busy and busy[0] in pids:
                for pid in pids.values():
                    os.kill(pid, signal.SIGKILL)
                return pids[busy[0]]
            time.sleep(0.2)
        raise TimeoutError("no worker was grading")

    def close(self) -> None:
        self.client.close()
        for process in [*self.workers, self.scheduler]:
            with contextlib.suppress(ProcessLookupError):  # a nanny's group holds its worker; sandboxes die with it
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def cluster(tmp_path):
    running = _Cluster(tmp_path)
    yield running
    running.close()


def _grade_cli(inbox: Path, out: Path, address: str, shared_cache: bool = True) -> subprocess.Popen:
    """``autograder grade --cluster address``; without ``shared_cache`` it warms up a compile cache of
    its own on the cluster (kept in ``out``), not the test run's."""
    command = [sys.executable, "-m", "autograder", "grade", str(inbox), "--out", str(out), "--quiet"]
    env = {**os.environ, "AUTOGRADER_SECRET": "test-secret"}
    if not shared_cache:
        env.pop(SHARED_COMPILE_CACHE, None)
    return subprocess.Popen(
        [*command, "--cluster", address, "--timeout", "60"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_for_results(out: Path, count: int, timeout_s: float = 300) -> None:
    results, deadline = out / "results.jsonl", time.monotonic() + timeout_s
    while time.monotonic() < deadline and not (results.exists() and results.read_text().count("\n") >= count):
        time.sleep(0.2)


def _results(out: Path) -> dict[str, dict]:
    lines = (out / "results.jsonl").read_text().splitlines()
    names = [Path(json.loads(line)["submission"]).name for line in lines]
    assert len(names) == len(set(names)), f"a submission recorded twice: {names}"
    return {Path(json.loads(line)["submission"]).name: json.loads(line) for line in lines}


def _verdicts(result: dict) -> tuple:
    return result["status"], result["score"], [(t["name"], t["score"], t["diagnostics"]) for t in result["tests"]]


def test_a_cluster_grades_as_the_local_pool_and_survives_a_killed_worker(tmp_path, cluster):
    inbox = tmp_path / "inbox"
    _write_inbox(inbox)
    grading = _grade_cli(inbox, tmp_path / "cluster-out", str(cluster.file), shared_cache=False)
    _wait_for_results(tmp_path / "cluster-out", 2)  # the broken file's, then a graded one's: mid-batch
    killed = cluster.kill_a_busy_worker()
    _, stderr = grading.communicate(timeout=600)
    assert grading.returncode == 0, stderr[-3000:]
    on_cluster = _results(tmp_path / "cluster-out")
    assert killed not in cluster.client.run(os.getpid).values()  # the nanny started a new one
    grade([inbox], Options(tmp_path / "local-out", "test-secret", corpus.LESSON, workers=2, progress=False))
    local = _results(tmp_path / "local-out")
    assert {n: _verdicts(r) for n, r in on_cluster.items()} == {n: _verdicts(r) for n, r in local.items()}
    assert on_cluster["broken.ipynb"]["status"] == "invalid" and on_cluster["correct-reference.ipynb"]["score"] == 10
    with sqlite3.connect(tmp_path / "cluster-out" / "gradebook.sqlite") as book:
        rows = book.execute("SELECT submission, COUNT(*) FROM results WHERE current=1 GROUP BY submission").fetchall()
    assert len(rows) == len(on_cluster) and all(count == 1 for _, count in rows)
    assert (tmp_path / "cluster-out" / "index.html").is_file()
    (warmed,) = (tmp_path / "cluster-out" / COMPILE_CACHE).glob("*/*")  # by a task on the cluster
    assert len(list(warmed.iterdir())) > 10


def test_a_submission_whose_worker_keeps_dying_ends_crashed(tmp_path, cluster):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    slow = corpus.build(ENTRIES["correct/reference"], master_loop=False)
    slow.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(120)"))
    nbformat.write(slow, inbox / "kills-its-worker.ipynb")
    options = Options(tmp_path / "out", "secret", corpus.LESSON, progress=False, cluster=str(cluster.file))
    options = replace(options, compile_cache=tmp_path / "cache")  # a cache the task carries (though unused),
    compile_cache.write(_compile_cache_folder(options), {"unused-cache": b"0"})  # lost with every worker at once
    killer = threading.Thread(target=lambda: [cluster.kill_a_busy_worker(every=True) for _ in range(2)], daemon=True)
    killer.start()
    summary = grade([inbox], options)
    killer.join(timeout=60)
    (result,) = summary.results
    assert result.status.value == "crashed" and "KilledWorker" in result.reason, result.reason


def test_a_lost_scheduler_keeps_what_finished_and_the_same_command_resumes(tmp_path):
    inbox = tmp_path / "inbox"
    _write_inbox(inbox, slow=1)
    first = _Cluster(tmp_path / "first")
    try:
        grading = _grade_cli(inbox, tmp_path / "out", str(first.file))
        _wait_for_results(tmp_path / "out", 2)
        os.killpg(first.scheduler.pid, signal.SIGKILL)
        _, stderr = grading.communicate(timeout=300)
    finally:
        first.close()
    assert grading.returncode == 1 and "scheduler went away" in stderr.decode(), stderr[-2000:]
    finished = _results(tmp_path / "out")
    assert 2 <= len(finished) < 5
    again = _Cluster(tmp_path / "again")
    try:
        stdout, stderr = _grade_cli(inbox, tmp_path / "out", str(again.file)).communicate(timeout=600)
    finally:
        again.close()
    reusable = [r for r in finished.values() if r["status"] != "timeout"]  # a timeout is graded again (a busy machine)
    assert f"({len(reusable)} reused from the gradebook)" in stdout.decode(), (stdout[-2000:], stderr[-2000:])
    assert len(_results(tmp_path / "out")) == 5
