"""The local pool against a two-worker Dask cluster on this machine, on the same corpus, in one
invocation (the machine is noisy, so only ratios within one run mean anything).

Both grade the corpus of ``throughput.py`` (correct and mistaken notebooks, the lesson's eager loop
where an entry writes none) into fresh output folders, each after its own compile-cache warm-up:
``autograder grade --workers 2`` and ``autograder grade --cluster local:2`` (a ``LocalCluster`` of two
worker processes, one thread each). Printed: wall times, submissions per minute, the cluster's
ratio to the pool, and the cluster path's overhead per submission (its extra wall time per
submission, and the difference of the median grading times the results record, which leaves the
scheduling and transfers out). Then a rough estimate for a course of 5,000 submissions on ten
machines like this one, from the cluster's own throughput per worker. Run from the project root:

    .venv/bin/python benchmarks/cluster_throughput.py [--submissions 20]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from autograder.engine.batch import Options, grade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import LESSON, make_corpus

WORKERS = 2
COURSE, NODES = 5000, 10


def _graded(folder: Path, out: Path, cluster: str | None) -> tuple[float, list[float]]:
    start = time.perf_counter()
    options = Options(out, "benchmark-secret", LESSON, workers=WORKERS, progress=False, cluster=cluster)
    summary = grade([folder], options)
    assert summary.stopped is None, summary.stopped
    return time.perf_counter() - start, [r.duration_s for r in summary.results]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "in").mkdir()
        make_corpus(work / "in", args.submissions)
        pool_s, pool_each = _graded(work / "in", work / "pool", None)
        cluster_s, cluster_each = _graded(work / "in", work / "cluster", f"local:{WORKERS}")
    n = args.submissions
    print(f"{n} submissions, {WORKERS} workers each way")
    print(f"  local pool      {pool_s:6.1f} s  {60 * n / pool_s:5.1f} per minute")
    ratio = pool_s / cluster_s
    print(f"  local:2 cluster {cluster_s:6.1f} s  {60 * n / cluster_s:5.1f} per minute  ({ratio:.2f}x the pool)")
    extra = (cluster_s - pool_s) / n
    median = statistics.median(cluster_each) - statistics.median(pool_each)
    print(f"  cluster overhead per submission: {extra:+.2f} s of wall time, {median:+.2f} s of median grading time")
    per_worker_minute = 60 * n / cluster_s / WORKERS
    cores = WORKERS  # a node like this machine: one worker per core
    minutes = COURSE / (per_worker_minute * cores * NODES)
    print(
        f"  estimate: {COURSE} submissions on {NODES} such nodes ({cores} workers each) take about"
        f" {minutes:.0f} minutes at this corpus's mix, plus one warm-up"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
