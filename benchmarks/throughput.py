"""The engine, accelerated and exact, against ``otter run`` on the same mixed corpus, in one
invocation (the machine is noisy, so only ratios within one run mean anything).

The corpus is the test corpus's correct and mistaken notebooks with the lesson's own eager loop
wherever an entry does not write its loop (as students write it: each step calls ``grad`` eagerly).
Graded three ways: ``autograder grade`` as shipped (the students' gradients compiled:
``autograder.accelerate``; the batch first warms its compile cache up, ``autograder.compile_cache``),
the same again into the same output folder (the cache kept, as for the next batch of a course),
``autograder grade --exact`` (student code as written: its
``notebook_s + calls_s`` is the time of the students' code alone, the floor of any grader that runs
it as written), and ``otter run``. Printed: wall times and throughput ratios against otter, the
accelerated run's median grading time per correct submission, the overhead beyond student code
(per submission and steady-state on the untouched notebook, plus the first submission's warm-up),
what was compiled and what fell back, peak and private memory per worker, and the time of the
whole ``autograder grade`` command regrading an unchanged batch (every result reused). Run from
the project root:

    .venv/bin/python benchmarks/throughput.py [--submissions 20] [--workers 2] [--skip-otter]
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from autograder.cli import main as cli_main
from autograder.engine.batch import Options, grade
from autograder.engine.result import Result, Status

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from corpus import LESSON, STUDENT_NOTEBOOK, build, entries


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` notebooks cycling through the correct and mistaken corpus entries."""
    pool = entries("correct") + entries("mistakes")
    paths = []
    for index in range(count):
        entry = pool[(index * 7) % len(pool)]
        path = folder / f"{index:02d}-{entry.path.parent.name}-{entry.path.stem}.ipynb"
        nbformat.write(build(entry, master_loop=True), path)
        paths.append(path)
    return paths


def run_engine(folder: Path, out: Path, workers: int, exact: bool = False) -> tuple[float, list[Result]]:
    start = time.perf_counter()
    options = Options(out, "benchmark-secret", LESSON, workers=workers, regrade=True, progress=False, exact=exact)
    summary = grade([folder], options)
    return time.perf_counter() - start, summary.results


def regrade_command(folder: Path, out: Path, workers: int) -> tuple[float, str]:
    """Wall time of the whole ``autograder grade`` command on a batch graded before, and its report."""
    command = [sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(out), "--quiet"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--workers", str(workers), "--secret", "benchmark-secret"],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, done.stdout


def run_otter(paths: list[Path], zip_path: Path, workers: int, scratch: Path) -> tuple[float, float]:
    """Wall time of ``otter run`` on every notebook, ``workers`` at a time; peak RSS of any child (MiB)."""

    def one(path: Path) -> None:
        out = scratch / path.stem
        out.mkdir()
        command = [sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(path)]
        subprocess.run(command, capture_output=True, check=True, timeout=1200)

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, paths))
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


IDLE_COPIES = 4


def _overhead(result: Result) -> float:
    """Seconds of a result not spent running student code (cells or check calls)."""
    return result.duration_s - result.notebook_s - result.calls_s


def _verdicts(result: Result) -> tuple:
    """What acceleration must not change: the submission, its status and each question's verdict."""
    tests = tuple((t.name, t.score, t.diagnostics) for t in result.tests)
    return (Path(result.submission).name, result.status.value, tests)


def _median(values: Iterable[float]) -> float:
    return round(statistics.median(values), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-otter", action="store_true")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    try:
        corpus_dir = root / "corpus"
        corpus_dir.mkdir()
        paths = make_corpus(corpus_dir, args.submissions)
        idle = root / "idle"
        idle.mkdir()
        for copy in range(IDLE_COPIES):  # one after another: the first also pays the grader's warm-up
            shutil.copy(STUDENT_NOTEBOOK, idle / f"untouched-{copy}.ipynb")
        _, idle_results = run_engine(idle, root / "out-idle", 1)
        idle_overheads = [_overhead(r) for r in sorted(idle_results, key=lambda r: r.submission)]
        engine_s, results = run_engine(corpus_dir, root / "out", args.workers)  # warms its compile cache up
        again_s, again_results = run_engine(corpus_dir, root / "out", args.workers)  # regraded, cache kept
        exact_s, exact_results = run_engine(corpus_dir, root / "out-exact", args.workers, exact=True)
        regrade_s, regrade_report = regrade_command(corpus_dir, root / "out", args.workers)
        graded = [r for r in results if r.status is Status.GRADED]
        correct = [r for r in graded if "-correct-" in Path(r.submission).name]
        student_s = sum(r.notebook_s + r.calls_s for r in exact_results)
        same = {_verdicts(r) for r in results} == {_verdicts(r) for r in exact_results}
        report = {
            "submissions": len(paths),
            "workers": args.workers,
            "engine_wall_s": round(engine_s, 1),
            "engine_per_min": round(60 * len(paths) / engine_s, 2),
            "engine_cache_kept_wall_s": round(again_s, 1),
            "correct_duration_s_median_cache_kept": _median(
                r.duration_s for r in again_results if "-correct-" in Path(r.submission).name
            ),
            "exact_wall_s": round(exact_s, 1),
            "accelerated_vs_exact": round(exact_s / engine_s, 2),
            "same_verdicts_as_exact": same,
            "statuses": sorted({r.status.value for r in results}),
            "student_code_s_total_exact": round(student_s, 1),
            "student_code_s_total_accelerated": round(sum(r.notebook_s + r.calls_s for r in results), 1),
            "correct_duration_s_median": _median(r.duration_s for r in correct),
            "compiled_total": sum(r.acceleration.get("compiled", 0) for r in results),
            "fallbacks_total": sum(r.acceleration.get("fallbacks", 0) for r in results),
            "notebook_s_median": _median(r.notebook_s for r in graded),
            "check_calls_s_median": _median(r.calls_s for r in graded),
            "beyond_notebook_s_median": _median(r.duration_s - r.notebook_s for r in graded),
            "overhead_s_median": _median(_overhead(r) for r in graded),
            "overhead_s_max": round(max(_overhead(r) for r in graded), 2),
            "fixed_overhead_s": _median(idle_overheads[1:]),
            "first_submission_overhead_s": round(idle_overheads[0], 2),
            "peak_rss_mb_max": round(max(r.peak_rss_mb for r in results), 1),
            "private_mb_max": round(max(r.private_mb for r in results), 1),
            "regrade_unchanged_command_s": round(regrade_s, 2),
            "regrade_report": regrade_report.splitlines()[0] if regrade_report else "",
        }
        if not args.skip_otter:
            dist = root / "dist"
            assign = [
                "assign",
                "--lesson",
                LESSON.name,
                "--assignments",
                str(root / "assign"),
                "--dist",
                str(dist),
                "--secret",
                "b",
            ]
            assert cli_main(assign) == 0
            otter_dir = root / "otter"
            otter_dir.mkdir()
            otter_s, otter_peak = run_otter(
                paths, dist / LESSON.name / "otter" / "autograder.zip", args.workers, otter_dir
            )
            report.update(
                otter_wall_s=round(otter_s, 1),
                otter_per_min=round(60 * len(paths) / otter_s, 2),
                throughput_ratio=round(otter_s / engine_s, 2),
                throughput_ratio_cache_kept=round(otter_s / again_s, 2),
                exact_throughput_ratio=round(otter_s / exact_s, 2),
                exact_ratio_ceiling=round(otter_s / (student_s / args.workers), 2),
                otter_peak_rss_mb=round(otter_peak, 1),
            )
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
