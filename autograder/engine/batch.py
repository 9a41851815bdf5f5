"""``autograder grade``: grade a batch of submissions in parallel sandboxes, keep every result.

Submissions are found (``inputs``), parsed here as data (nbformat), graded in up to ``workers``
sandboxes at once (``judge``), and each result is committed to the gradebook and appended to
results.jsonl the moment it is known. Unchanged submissions reuse their stored result; a bad file
gets status ``invalid`` and the batch goes on; Ctrl-C stops the workers and keeps what finished.
"""

import os
import queue
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from ..checks import TOTAL_POINTS
from ..fingerprint import grader_version
from ..reference import derive_seed
from . import sandbox
from .confine import Limits
from .gradebook import Gradebook
from .inputs import Submission, discover
from .judge import Outcome, grade_sources, stopped_verdicts
from .outputs import ResultsLog, feedback_markdown, feedback_name, write_grades_csv

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRIVATE_PROJECT_DIRS = ("solutions", "tests", ".git", "dist", "out", "benchmarks")


@dataclass
class Options:
    out: Path
    secret: str
    workers: int = max(1, os.cpu_count() or 1)
    limits: Limits = field(default_factory=Limits)
    regrade: bool = False
    progress: bool = True


@dataclass
class Summary:
    results: list[dict]
    reused: int
    interrupted: bool
    elapsed_s: float


def notebook_sources(content: bytes) -> list[str]:
    """The code cells of a notebook file; raises ValueError if it is not one."""
    try:
        notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
        return [str(cell.source) for cell in notebook.cells if cell.cell_type == "code"]
    except Exception as error:
        raise ValueError(f"not a readable Jupyter notebook ({type(error).__name__})") from None


def _hidden_paths(inputs: list[Path], out: Path) -> list[str]:
    """Folders the workers must not see: outputs, inputs and the project's private parts, but never
    a folder that holds the Python installation or this package (workers still import from them)."""
    keep = [Path(sys.prefix).resolve(), Path(__file__).resolve().parents[1]]
    candidates = [out, *(p if p.is_dir() else p.parent for p in inputs)]
    candidates += [PROJECT_ROOT / name for name in PRIVATE_PROJECT_DIRS]
    hidden = []
    for path in (c.resolve() for c in candidates):
        if path.exists() and not any(k == path or path in k.parents for k in keep) and str(path) not in hidden:
            hidden.append(str(path))
    return hidden


def _record(sub: Submission, seed: int, outcome: Outcome) -> dict:
    code = "invalid-notebook" if outcome.status == "invalid" else outcome.status
    tests = [v.as_dict() for v in outcome.verdicts or stopped_verdicts(code)]
    return {
        "submission": sub.path,
        "student": sub.student,
        "sha256": sub.sha256,
        "status": outcome.status,
        "reason": outcome.reason,
        "score": sum(t["score"] for t in tests),
        "max_score": TOTAL_POINTS,
        "seed": seed,
        "duration_s": round(outcome.duration_s, 3),
        "notebook_s": round(outcome.notebook_s, 3),
        "calls_s": round(outcome.calls_s, 3),
        "peak_rss_mb": round(outcome.peak_rss_mb, 1),
        "private_mb": round(outcome.private_mb, 1),
        "tests": tests,
        "cell_errors": [list(e) for e in outcome.cell_errors],
        "isolation": outcome.isolation,
        "grader_version": grader_version(),
    }


class _Batch:
    def __init__(self, options: Options, inputs: list[Path]):
        self.options = options
        self.hide = _hidden_paths(inputs, options.out)
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(options.workers):
            self.slots.put(slot)

    def grade_one(self, sub: Submission, seed: int) -> Outcome:
        if sub.content is None:
            return Outcome("invalid", sub.error or "unreadable")
        try:
            sources = notebook_sources(sub.content)
        except ValueError as error:
            return Outcome("invalid", str(error))
        slot = self.slots.get()
        try:
            return grade_sources(sources, seed, self.options.limits, slot, self.hide)
        except Exception as error:  # a fault of the grader itself must not stop the batch
            return Outcome("crashed", f"internal grader error ({type(error).__name__}: {error}); grade it again")
        finally:
            self.slots.put(slot)


def _forget_secret_in_argv(secret: str) -> None:
    """multiprocessing hands this process's ``sys.argv`` to every process it starts (the spawn
    preparation data), so a secret given as ``--secret`` would reach student code in each worker."""
    sys.argv[:] = ["<secret>" if secret in arg else arg for arg in sys.argv]


def grade(inputs: list[Path], options: Options) -> Summary:
    """Grade everything under ``inputs`` into ``options.out``; see the module docstring."""
    start = time.monotonic()
    _forget_secret_in_argv(options.secret)
    sandbox.template()  # if not started yet (the command line starts it first): jax imports meanwhile
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    book = Gradebook(out / "gradebook.sqlite", grader_version(), options.secret)
    (out / "results.jsonl").write_text("")
    log = ResultsLog(out / "results.jsonl")
    batch = _Batch(options, inputs)
    results: list[dict] = []
    reused = 0

    def keep(result: dict) -> None:
        book.record(result)
        log.write(result)
        (out / "feedback" / feedback_name(result["submission"])).write_text(feedback_markdown(result))
        results.append(result)

    todo: list[tuple[Submission, int]] = []
    for sub in discover(inputs):
        seed = derive_seed(options.secret, sub.student or sub.sha256)
        cached = None if options.regrade else book.cached(sub.sha256, sub.student)
        if cached is not None:
            cached = {**cached, "submission": sub.path}
            keep(cached)
            reused += 1
        else:
            todo.append((sub, seed))
    interrupted = False
    executor = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="grader")
    futures: dict[Future, tuple[Submission, int]] = {
        executor.submit(batch.grade_one, s, seed): (s, seed) for s, seed in todo
    }
    tqdm.set_lock(threading.RLock())  # tqdm's default lock is a multiprocessing semaphore that leaks at exit
    bar = tqdm(total=len(todo), disable=not options.progress or not todo, unit="nb", desc="grading", file=sys.stderr)
    try:
        for future in as_completed(futures):
            sub, seed = futures[future]
            keep(_record(sub, seed, future.result()))
            bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        executor.shutdown(wait=False, cancel_futures=True)
        sandbox.kill_all()
    finally:
        bar.close()
        executor.shutdown(wait=not interrupted)
        log.close()
        write_grades_csv(out / "grades.csv", results)
        book.close()
    return Summary(results, reused, interrupted, time.monotonic() - start)


def summary_table(summary: Summary) -> str:
    """Counts per status, mean score and the slowest submissions, as plain text."""
    results = summary.results
    lines = [f"{len(results)} submissions in {summary.elapsed_s:.1f} s ({summary.reused} reused from the gradebook)"]
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    lines += [f"  {status:<13} {count}" for status, count in sorted(statuses.items())]
    if results:
        mean = sum(r["score"] for r in results) / len(results)
        lines.append(f"  mean score    {mean:.2f} / {TOTAL_POINTS:g}")
        slowest = sorted(results, key=lambda r: -r["duration_s"])[:3]
        lines.append(
            "  slowest       " + ", ".join(f"{Path(r['submission']).name} ({r['duration_s']:.1f} s)" for r in slowest)
        )
    if summary.interrupted:
        lines.append("interrupted: finished results are kept; run the same command again to resume")
    return "\n".join(lines)
