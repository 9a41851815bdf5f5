"""``autograder grade``: grade a batch of submissions in parallel sandboxes, keep every result.

Submissions are found (``inputs``), parsed here as data (nbformat), graded in up to ``workers``
sandboxes at once (``judge``), and each result is committed to the gradebook and appended to
results.jsonl the moment it is known. Unchanged submissions reuse their stored result; a bad file
gets status ``invalid`` and the batch goes on; Ctrl-C stops the workers and keeps what finished.
"""

import hashlib
import os
import queue
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Protocol

import nbformat
from tqdm import tqdm

import solutions

from .. import compile_cache, escape, lessons
from ..checks import Lesson
from ..compile_cache import Compiled
from ..dashboard import write_dashboard
from ..fingerprint import grader_version
from ..master import solution_notebook
from ..report import REPORTS, write_report
from ..seeds import derive_seed
from . import sandbox
from .cluster import ClusterError
from .confine import Limits
from .gradebook import INTERNAL_ERROR, Gradebook, Stored
from .inputs import Submission, discover
from .judge import Outcome, grade_notebook, stopped_verdicts
from .outputs import ResultsLog, write_feedback, write_grades_csv
from .result import QuestionResult, Result, Status

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package runs from (when it holds a ``pyproject.toml``), or site-packages."""
COMPILE_CACHE = ".compile-cache"
"""The output folder's copy of the programs the warm-up compiled (``autograder.compile_cache``)."""
SHARED_COMPILE_CACHE = "AUTOGRADER_COMPILE_CACHE"
"""The environment variable naming a compile cache folder shared by batches (``Options.compile_cache``)."""
WARM_UP_FROM = 3
"""Submissions to grade from which a batch without a compile cache warms one up first: the warm-up
costs about one submission's grading and saves about 40% of each later one."""


@dataclass
class Options:
    out: Path
    secret: str
    lesson: Lesson
    workers: int = max(1, os.cpu_count() or 1)
    limits: Limits = field(default_factory=Limits)
    regrade: bool = False
    progress: bool = True
    exact: bool = False
    """Run the students' gradients as written (eager), not compiled (``autograder.accelerate``);
    results graded with acceleration are then graded again rather than reused."""
    student: str | None = None
    """The identity of a submission whose file carries none (a platform's metadata names the
    submitter): it picks the hidden inputs' seed and is recorded as the result's student."""
    hide: tuple[Path, ...] = ()
    """Folders hidden from workers besides the inputs, outputs and the reference (a platform's
    configuration holding the course secret)."""
    cluster: str | None = None
    """A Dask scheduler's address (or ``local:N``) to grade on instead of this machine's workers
    (``cluster``); ``workers`` is then unused."""
    compile_cache: Path | None = field(default_factory=lambda: shared_compile_cache(os.environ))
    """Where the warm-up's compiled programs are kept for later batches: None keeps them in the output
    folder (``.compile-cache``); a folder named here (default: ``$AUTOGRADER_COMPILE_CACHE``) serves
    every batch that names it, so grading several folders (sections, late submissions) warms up once.
    It is hidden from workers, as the output folder is."""


def shared_compile_cache(environ: Mapping[str, str]) -> Path | None:
    """The compile cache folder ``environ`` names (``SHARED_COMPILE_CACHE``), if any."""
    named = environ.get(SHARED_COMPILE_CACHE, "")
    return Path(named) if named else None


@dataclass
class Summary:
    results: list[Result]
    reused: int
    interrupted: bool
    elapsed_s: float
    stopped: str | None = None
    """Why the batch stopped before every submission was graded (a Dask scheduler that went away)."""


def _looks_like_a_notebook(content: bytes) -> bool:
    """A cheap first look (a JSON object in UTF-8), so a file that is plainly not a notebook costs
    no sandbox; the full parse happens in the sandbox, under its limits (``worker``)."""
    start = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"{")


def _hidden_paths(inputs: list[Path], out: Path) -> list[str]:
    """Folders the workers must not see: outputs, inputs, the reference solutions wherever they are
    installed (a checkout or site-packages), every lesson's demo examples (correct answers, inside this
    package) and every folder of a checkout (``solutions/``, ``tests/``, ``dist/``, a ``build/`` that
    ``pip`` left with a copy of the reference, ``.git``...), but never a folder that holds the Python
    installation or this package (workers still import from them)."""
    keep = [Path(sys.prefix).resolve(), Path(__file__).resolve().parents[1]]
    candidates = [out, *(p if p.is_dir() else p.parent for p in inputs), Path(solutions.__file__).parent]
    candidates += [lessons.load(name).package_dir / "examples" for name in lessons.NAMES]
    if (PROJECT_ROOT / "pyproject.toml").is_file():  # a checkout: all of it but what is kept
        candidates += [child for child in PROJECT_ROOT.iterdir() if child.is_dir() and not child.is_symlink()]
    hidden = []
    for path in (c.resolve() for c in candidates):
        if path.exists() and not any(k == path or path in k.parents for k in keep) and str(path) not in hidden:
            hidden.append(str(path))
    return hidden


def as_result(lesson: Lesson, sub: Submission, seed: int, outcome: Outcome) -> Result:
    """The result of ``sub`` graded with ``seed`` as ``outcome`` says."""
    tests = tuple(QuestionResult.of(v) for v in outcome.verdicts or stopped_verdicts(lesson, outcome.status))
    return Result(
        submission=sub.path,
        student=sub.student,
        sha256=sub.sha256,
        status=outcome.status,
        reason=outcome.reason,
        score=sum(t.score for t in tests),
        max_score=lesson.total_points,
        seed=seed,
        tests=tests,
        lesson=lesson.name,
        grader_version=grader_version(lesson),
        duration_s=round(outcome.duration_s, 3),
        notebook_s=round(outcome.notebook_s, 3),
        calls_s=round(outcome.calls_s, 3),
        peak_rss_mb=round(outcome.peak_rss_mb, 1),
        private_mb=round(outcome.private_mb, 1),
        cell_errors=tuple(outcome.cell_errors),
        isolation=outcome.isolation,
        acceleration=outcome.acceleration,
        picture=outcome.picture,
    )


class _Batch:
    def __init__(self, options: Options, inputs: list[Path]):
        self.options = options
        hidden = [*inputs, *options.hide]
        if options.compile_cache is not None:  # a shared one: it must exist to be hidden
            options.compile_cache.mkdir(mode=0o700, parents=True, exist_ok=True)
            hidden.append(options.compile_cache)
        self.hide = _hidden_paths(hidden, options.out)
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(options.workers):
            self.slots.put(slot)
        self.programs: dict[str, bytes] = {}
        """The compile cache's entries, handed to each worker that starts once they are known."""

    def grade_one(self, sub: Submission, seed: int) -> Outcome:
        content = notebook_of(sub)
        if isinstance(content, Outcome):
            return content
        return self._in_a_slot(content, seed, Compiled(self.programs) if self.programs else None)

    def _in_a_slot(self, notebook: bytes, seed: int, compiled: Compiled | None) -> Outcome:
        slot = self.slots.get()
        try:
            options = self.options
            accelerate = not options.exact or (compiled is not None and compiled.fill)
            return grade_notebook(options.lesson, notebook, seed, options.limits, slot, self.hide, accelerate, compiled)
        finally:
            self.slots.put(slot)

    def warm_up(self, folder: Path) -> None:
        """Grade the lesson's solution notebook with jax's compile cache filling; keep what it compiled
        in ``folder`` for this batch and later ones, if the solution got full marks (otherwise the
        grader itself is broken: say so, and grade without a cache)."""
        outcome = self._in_a_slot(solution_bytes(self.options.lesson), 0, Compiled(fill=True))
        self.programs = keep_warmed(folder, warmed_programs(outcome))


def solution_bytes(lesson: Lesson) -> bytes:
    """The lesson's solution notebook, as the warm-up grades it."""
    return nbformat.writes(solution_notebook(lesson.master())).encode()


def warmed_programs(outcome: Outcome) -> dict[str, bytes] | str:
    """The programs a warm-up compiled that are jax's own operations (``compile_cache.operations_only``),
    or why there are none: the solution must get full marks (otherwise the grader itself is broken)."""
    full = outcome.status is Status.GRADED and all(v.passed for v in outcome.verdicts)
    if not full or not outcome.programs:
        return outcome.reason or "not every question passed"
    return compile_cache.operations_only(outcome.programs)


def keep_warmed(folder: Path, found: dict[str, bytes] | str) -> dict[str, bytes]:
    """Keep a warm-up's programs in ``folder`` for this batch and later ones, and return them; or say
    on stderr why there are none (``found`` is the reason) and return none: the batch grades without."""
    if isinstance(found, str):
        print(f"autograder grade: warming the compile cache up failed: {escape.safe(found)}", file=sys.stderr)
        return {}
    try:
        for other in folder.parent.glob("*"):  # programs of another grader or jax version
            if not other.name.startswith(folder.name):
                shutil.rmtree(other, ignore_errors=True)
        compile_cache.write(folder, found)
    except OSError as error:  # this batch still uses them; a later one warms up again
        print(f"autograder grade: could not keep the compile cache: {escape.safe(str(error))}", file=sys.stderr)
    return found


def _compile_cache_folder(options: Options) -> Path:
    """Where the programs compiled for the batch's lesson under this grader and jax are kept (the
    shared folder, else the output folder's): another version of either compiles other programs
    (jax's own keys would miss; ``keep_warmed`` removes them)."""
    lesson = options.lesson
    versions = [grader_version(lesson)] + [metadata.version(name) for name in ("jax", "jaxlib")]
    digest = hashlib.sha256("\0".join(versions).encode()).hexdigest()[:12]
    root = options.compile_cache if options.compile_cache is not None else options.out / COMPILE_CACHE
    return root / lesson.name / digest


def _result_of(lesson: Lesson, sub: Submission, seed: int, future: Future) -> Result:
    """The result of a finished grading: a fault of the grader itself (an exception in ``grade_one``
    or here) is this submission's ``crashed``, and never stops the batch."""
    try:
        return as_result(lesson, sub, seed, future.result())
    except Exception as error:
        return _crashed(lesson, sub, seed, error)


def _crashed(lesson: Lesson, sub: Submission, seed: int, error: Exception) -> Result:
    """``sub``'s result when grading it failed in the grader itself (``error``), not in its sandbox."""
    failed = Outcome(Status.CRASHED, f"{INTERNAL_ERROR} ({type(error).__name__}); grade it again")
    return as_result(lesson, sub, seed, failed)


def notebook_of(sub: Submission) -> bytes | Outcome:
    """The notebook's bytes to grade, or the ``invalid`` outcome of a submission that has none."""
    if sub.error is not None:
        return Outcome(Status.INVALID, sub.error)
    try:
        content = sub.read()
    except ValueError as error:
        return Outcome(Status.INVALID, str(error))
    if not _looks_like_a_notebook(content):
        return Outcome(Status.INVALID, "not a readable Jupyter notebook (not a JSON document)")
    return content


def _unrecordable(lesson: Lesson, result: Result, error: Exception) -> Result:
    """What is kept of a result that could not be written out: who, and that grading failed (nothing
    the sandbox reported, which may be what could not be written)."""
    reason = f"{INTERNAL_ERROR} while recording the result ({type(error).__name__}); grade it again"
    return Result(
        submission=escape.safe(result.submission),
        student=None if result.student is None else escape.safe(result.student),
        sha256=result.sha256,
        status=Status.CRASHED,
        reason=reason,
        score=0.0,
        max_score=lesson.total_points,
        seed=result.seed,
        tests=tuple(QuestionResult.of(v) for v in stopped_verdicts(lesson, Status.CRASHED)),
        lesson=result.lesson,
        grader_version=result.grader_version,
        duration_s=result.duration_s,
    )


def _forget_secret_in_argv(secret: str) -> None:
    """multiprocessing hands this process's ``sys.argv`` to every process it starts (the spawn
    preparation data), so a secret given as ``--secret`` would reach student code in each worker."""
    sys.argv[:] = ["<secret>" if secret in arg else arg for arg in sys.argv]


def grade(inputs: list[Path], options: Options) -> Summary:
    """Grade everything under ``inputs`` into ``options.out``; see the module docstring."""
    start = time.monotonic()
    _forget_secret_in_argv(options.secret)
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    (out / REPORTS).mkdir(exist_ok=True)
    lesson = options.lesson
    book = Gradebook(out / "gradebook.sqlite", grader_version(lesson), options.secret)
    log = ResultsLog(out / "results.jsonl")
    batch = _Batch(options, inputs)
    results: list[Result] = []
    reused = 0

    def keep(result: Result, stored: Stored | None = None) -> None:
        """Store one result everywhere (``stored``: the gradebook's row it reuses); a failure to do so
        is this submission's ``crashed``."""

        def store(result: Result, stored: Stored | None) -> None:
            line = result.to_json()  # first: a result that cannot be written is never stored
            if stored is None:
                book.record(result)
            else:
                book.reuse(stored, result)  # not a regrade: no new row unless its path is new
            write_feedback(out / "feedback", result)
            write_report(out / REPORTS, lesson, result, replace=stored is None)
            log.write(line)  # last: results.jsonl never holds a result that is then replaced

        try:
            store(result, stored)
        except Exception as error:
            result = _unrecordable(lesson, result, error)
            try:
                store(result, None)
            except Exception as again:  # the output folder itself fails: say so, keep grading
                problem = escape.safe(f"{result.submission}: {again}")
                print(f"autograder grade: could not record {problem}", file=sys.stderr)
        results.append(result)

    found = list(discover(inputs))  # all of it before any output changes
    todo: list[tuple[Submission, int]] = []
    for sub in found:
        if sub.student is None and options.student is not None:
            sub = replace(sub, student=escape.printable(options.student))
        seed = derive_seed(options.secret, sub.student or sub.sha256)
        stored = None if options.regrade else book.cached(sub.sha256, sub.student, sub.path)
        if stored is not None and options.exact and stored.result.acceleration.get("on", False):
            stored = None  # asked for exact grading: an accelerated result is graded again
        if stored is not None:
            keep(replace(stored.result, submission=sub.path), stored)
            reused += 1
        else:
            todo.append((sub, seed))
    runner: Runner | None = None
    interrupted, stopped = False, None
    tqdm.set_lock(threading.RLock())  # tqdm's default lock is a multiprocessing semaphore that leaks at exit
    bar = tqdm(total=len(todo), disable=not options.progress or not todo, unit="nb", desc="grading", file=sys.stderr)
    try:
        runner = _Runner.start(batch, todo, _compile_cache_folder(options))
        for result in runner.results():
            keep(result)
            bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
        if runner is not None:
            runner.stop()
    except ClusterError as error:
        stopped = f"{error}; {len(todo) - bar.n} submissions were not graded: the same command grades them"
        if runner is not None:
            runner.stop()
    finally:
        bar.close()
        if runner is not None:
            runner.close(wait=not interrupted)
        log.close()
        write_grades_csv(out / "grades.csv", results, [(q.name, q.points) for q in lesson.questions])
        try:
            write_dashboard(out / "index.html", lesson, book.current(lesson.name))
        finally:
            book.close()
    return Summary(results, reused, interrupted, time.monotonic() - start, stopped)


class Runner(Protocol):
    """Where a batch's submissions are graded: this machine's workers (``_Runner``) or a Dask cluster's
    (``cluster.ClusterRunner``)."""

    def results(self) -> Iterator[Result]:
        """Each submission's result as its grading finishes."""

    def stop(self) -> None:
        """Ctrl-C or a lost cluster: cancel what has not started and stop what runs."""

    def close(self, wait: bool) -> None:
        """Release the workers (waiting for running gradings when ``wait``)."""


class _Runner:
    """Grades a batch's submissions on this machine's workers: a thread per worker slot, each
    running one sandbox at a time (``Options.workers``)."""

    def __init__(self, batch: _Batch, todo: list[tuple[Submission, int]], cache_folder: Path):
        self.lesson = batch.options.lesson
        if todo:  # only now: a batch whose every result is reused starts no template and imports no jax
            sandbox.template()
        batch.programs = compile_cache.read(cache_folder) if todo else {}
        self.executor = ThreadPoolExecutor(max_workers=batch.options.workers, thread_name_prefix="grader")
        if not batch.programs and len(todo) >= WARM_UP_FROM:
            self.executor.submit(batch.warm_up, cache_folder)  # first: the others start without, then read it
        self.futures: dict[Future, tuple[Submission, int]] = {
            self.executor.submit(batch.grade_one, s, seed): (s, seed) for s, seed in todo
        }

    @staticmethod
    def start(batch: _Batch, todo: list[tuple[Submission, int]], cache_folder: Path) -> Runner:
        """The runner ``batch.options`` asks for: this machine's, or a Dask cluster's (``cluster``)."""
        if batch.options.cluster is None:
            return _Runner(batch, todo, cache_folder)
        from .cluster import ClusterRunner

        return ClusterRunner(batch, todo, cache_folder)

    def results(self) -> Iterator[Result]:
        """Each submission's result as its grading finishes."""
        for future in as_completed(self.futures):
            sub, seed = self.futures[future]
            yield _result_of(self.lesson, sub, seed, future)

    def stop(self) -> None:
        """Ctrl-C: cancel what has not started and stop the running sandboxes."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        sandbox.kill_all()

    def close(self, wait: bool) -> None:
        self.executor.shutdown(wait=wait)


def summary_table(summary: Summary) -> str:
    """Counts per status, mean score, the slowest submissions and how many were graded with compiled
    gradients, as plain text."""
    results = summary.results
    lines = [f"{len(results)} submissions in {summary.elapsed_s:.1f} s ({summary.reused} reused from the gradebook)"]
    statuses = Counter(result.status.value for result in results)
    lines += [f"  {status:<13} {count}" for status, count in sorted(statuses.items())]
    if results:
        mean = sum(r.score for r in results) / len(results)
        lines.append(f"  mean score    {mean:.2f} / {results[0].max_score:g}")
        slowest = sorted(results, key=lambda r: -r.duration_s)[:3]
        lines.append(
            "  slowest       "
            + ", ".join(f"{escape.safe(Path(r.submission).name)} ({r.duration_s:.1f} s)" for r in slowest)
        )
    accelerated = [r for r in results if r.acceleration.get("on")]
    if accelerated:
        mixed = sum(1 for r in accelerated if r.acceleration.get("fallbacks"))
        lines.append(
            f"  compiled      {len(accelerated)} graded with compiled gradients"
            f" ({mixed} ran some functions as written; --exact runs all as written)"
        )
    weaker = _weaker_sandboxes(results)
    if weaker:
        lines.append(weaker)
    if summary.interrupted:
        lines.append("interrupted: finished results are kept; run the same command again to resume")
    return "\n".join(lines)


SANDBOX_LAYERS = (("net", "a network namespace"), ("mount", "private mounts"), ("pid", "a PID namespace"))
"""Namespaces a worker enters where the kernel lets it, and what each one's absence is called."""


def _weaker_sandboxes(results: list[Result]) -> str | None:
    """A line for the instructor when some workers ran with less isolation than a worker gets where
    the kernel allows everything (no user namespaces, no Landlock...): how many lacked each layer.
    Results without a worker (invalid files) are not counted."""
    missing: Counter[str] = Counter()
    for result in results:
        if not result.isolation:
            continue
        namespaces = result.isolation.get("namespaces") or []
        missing.update(what for name, what in SANDBOX_LAYERS if name not in namespaces)
        if not result.isolation.get("landlock"):
            missing["the file allowlist (Landlock)"] += 1
    if not missing:
        return None
    found = ", ".join(f"{count} without {what}" for what, count in missing.items())
    return f"  sandbox       weaker than it can be: {found} (isolation.notes in results.jsonl says why)"
