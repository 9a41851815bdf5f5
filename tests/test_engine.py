"""``autograder grade`` end to end: real notebooks in real sandboxes, honest and abusive together.

One batch holds the abuse corpus (``tests/corpus/abuse``) next to honest submissions. Every abusive
submission must get its declared status and no forged points; the honest ones must get exactly the
scores the check library gives them on their own; nothing may survive or leak out of a sandbox.
"""

import json
import os
import subprocess

import nbformat
import pytest

import corpus
from autograder.engine.batch import Options, grade
from autograder.engine.confine import Limits
from autograder.engine.sandbox import UID_BLOCK, worker_uid

pytestmark = pytest.mark.slow

HONEST = {"correct/reference": 10.0, "mistakes/loss_sum": 9.0}
TIMEOUT_S = 90.0


def _leftover_processes() -> list[str]:
    """Processes owned by any worker uid, still alive."""
    listing = subprocess.run(["ps", "-eo", "uid=,pid=,args="], capture_output=True, text=True).stdout
    return [
        line
        for line in listing.splitlines()
        if line.split() and worker_uid(0) <= int(line.split()[0]) < worker_uid(0) + UID_BLOCK
    ]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    entries = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes") + corpus.entries("abuse")}
    abuse = [e for e in entries.values() if e.name.startswith("abuse/")]
    for entry in [entries[name] for name in HONEST] + abuse:
        nbformat.write(corpus.build(entry), folder / f"{entry.name.replace('/', '-')}.ipynb")
    canary = folder / "canary.txt"
    canary.write_text("untouched")
    out = tmp_path_factory.mktemp("out")
    options = Options(out, "test-secret", workers=2, limits=Limits(timeout_s=TIMEOUT_S, memory_mb=3072), progress=False)
    summary = grade([folder], options)
    results = {os.path.basename(r["submission"]).removesuffix(".ipynb"): r for r in summary.results}
    return {"results": results, "abuse": abuse, "out": out, "canary": canary, "folder": folder}


def test_every_submission_got_one_result(batch):
    lines = (batch["out"] / "results.jsonl").read_text().splitlines()
    assert len(lines) == len(batch["results"]) == len(HONEST) + len(batch["abuse"])
    assert all(
        json.loads(line)["status"] in ("graded", "timeout", "memory-limit", "crashed", "invalid") for line in lines
    )


def test_abuse_gets_its_status_and_no_forged_points(batch):
    for entry in batch["abuse"]:
        result = batch["results"][entry.name.replace("/", "-")]
        assert result["status"] == entry.status, (entry.name, result["status"], result["reason"])
        if entry.max_score is not None:
            assert result["score"] <= entry.max_score, (entry.name, result["tests"])
        for name, (score, codes) in entry.expected.items():
            test = next(t for t in result["tests"] if t["name"] == name)
            assert (test["score"], test["diagnostics"]) == (score, codes), (entry.name, test)


def test_honest_submissions_are_unaffected(batch):
    for name, total in HONEST.items():
        result = batch["results"][name.replace("/", "-")]
        assert (result["status"], result["score"]) == ("graded", total), result


OUTPUTS = {
    "feedback",
    "gradebook.sqlite",
    "gradebook.sqlite-shm",
    "gradebook.sqlite-wal",
    "grades.csv",
    "results.jsonl",
}


def test_nothing_survives_or_leaks(batch):
    assert _leftover_processes() == []
    assert batch["canary"].read_text() == "untouched"
    assert {p.name for p in batch["out"].iterdir()} <= OUTPUTS
    feedback = sorted(p.name for p in (batch["out"] / "feedback").iterdir())
    assert len(feedback) == len(batch["results"])
