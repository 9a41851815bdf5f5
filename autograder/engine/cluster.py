"""Grading on a Dask cluster: ``autograder grade ... --cluster ADDRESS``.

Each submission becomes one task, ``grade_on_worker``: on the Dask worker it runs exactly what a
local grading thread runs (``judge.grade_notebook``: the sandbox forked from the worker process's own
warm template, the same limits, uids from blocks that worker process claims on its host) and returns
the result as one strict-JSON line, which this process reads with ``Result.from_json`` (plain data,
checked field by field) before it reaches the gradebook, results.jsonl and the progress bar, in the
order tasks finish.

What a Dask worker receives: the lesson's name, the notebook's bytes, the submission's seed (derived
here from the course secret and the student's identity), the limits, the folders to hide and the
compile cache's programs. Never the secret. Hidden inputs are made on the worker from the seed, as
they are locally. A cluster's workers run the judge and hold the reference, so they must be machines
the instructor trusts as much as this one; student code runs only in their sandboxes.

Faults: Dask reschedules the tasks of a worker that dies, so a killed worker loses no submission and
``as_completed`` yields each task once. A task whose worker dies ``allowed-failures`` times (Dask's
setting; 3 by default) raises ``KilledWorker`` and the submission is ``crashed``. A scheduler that
goes away ends the batch with ``ClusterError``; what finished is kept and the same command grades
the rest (the gradebook reuses what is stored).
"""

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import compile_cache, lessons
from ..compile_cache import Compiled
from .confine import Limits
from .inputs import Submission
from .result import Result

LOCAL = "local:"
"""``--cluster local:N`` starts a ``LocalCluster`` of N worker processes on this machine."""
CONNECT_TIMEOUT_S = 30


class ClusterError(RuntimeError):
    """The cluster cannot be used (Dask missing, scheduler unreachable) or its scheduler went away."""


_slots_lock = threading.Lock()
_slots_taken: set[int] = set()


@contextlib.contextmanager
def _slot() -> Iterator[int]:
    """The lowest worker slot no other task of this Dask worker process is using, for the task's
    duration (a process with several threads grades several submissions at once; uid blocks are per
    process)."""
    with _slots_lock:
        slot = min(set(range(len(_slots_taken) + 1)) - _slots_taken)
        _slots_taken.add(slot)
    try:
        yield slot
    finally:
        with _slots_lock:
            _slots_taken.discard(slot)


def grade_on_worker(
    lesson_name: str,
    submission: Submission,
    notebook: bytes,
    seed: int,
    limits: Limits,
    hide: list[str],
    accelerate: bool,
    programs: dict[str, bytes] | None,
) -> str:
    """Runs on a Dask worker: grade ``notebook`` as a local grading thread does; the result's JSON line."""
    from .batch import as_result
    from .judge import grade_notebook

    lesson = lessons.load(lesson_name)
    compiled = Compiled(programs) if programs else None
    with _slot() as slot:
        outcome = grade_notebook(lesson, notebook, seed, limits, slot, hide, accelerate, compiled)
    return as_result(lesson, submission, seed, outcome).to_json()


def warm_up_on_worker(lesson_name: str, notebook: bytes, limits: Limits, hide: list[str]) -> dict[str, bytes] | str:
    """Runs on a Dask worker: the solution notebook graded with the compile cache filling; its programs,
    or why there are none (``batch.warmed_programs``)."""
    from .batch import warmed_programs
    from .judge import grade_notebook

    with _slot() as slot:
        outcome = grade_notebook(lessons.load(lesson_name), notebook, 0, limits, slot, hide, True, Compiled(fill=True))
    return warmed_programs(outcome)


def _connect(address: str) -> tuple[Any, Any]:
    """A client of ``address`` (``tcp://host:port``, a scheduler file's path, or ``local:N``), and the
    ``LocalCluster`` started for it, if any."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError("--cluster needs Dask's distributed package: pip install 'autograder[cluster]'") from error
    try:
        if address.startswith(LOCAL):
            count = int(address.removeprefix(LOCAL))
            if count < 1:
                raise ValueError(f"{address}: give at least one worker")
            with dask.config.set({"distributed.worker.daemon": False}):  # their sandboxes are child processes
                local = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None)
            return Client(local), local
        if os.path.isfile(address):
            return Client(scheduler_file=address, timeout=CONNECT_TIMEOUT_S), None
        return Client(address, timeout=CONNECT_TIMEOUT_S), None
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot use the Dask cluster at {address}: {error}") from error


def _held(programs: dict[str, bytes]) -> dict[str, bytes]:
    """The batch's compile cache as a task's result, on which every grading task depends: each worker
    fetches it once, and Dask computes it again if every worker holding it dies (scattered data would
    be lost with them, and every task still to run cancelled)."""
    return programs


class ClusterRunner:
    """Grades a batch's submissions on a Dask cluster (``batch._Runner``'s interface): invalid inputs
    are decided here, every notebook is one task, results come back as the tasks finish."""

    def __init__(self, batch: Any, todo: list[tuple[Submission, int]], cache_folder: Path):
        from .batch import WARM_UP_FROM, notebook_of

        options = batch.options
        self.lesson = options.lesson
        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # a lost scheduler is said once, by grade
        self.client, self.local = _connect(options.cluster)
        self.invalid: list[tuple[Submission, int, Any]] = []
        self.futures: dict[Any, tuple[Submission, int]] = {}
        if not todo:
            return
        hide = list(batch.hide)
        programs = compile_cache.read(cache_folder)
        if not programs and len(todo) >= WARM_UP_FROM:
            programs = self._warm_up(hide, options.limits, cache_folder)
        shared = self.client.submit(_held, programs, pure=True) if programs else None
        accelerate = not options.exact
        for sub, seed in todo:
            content = notebook_of(sub)
            if not isinstance(content, bytes):
                self.invalid.append((sub, seed, content))
                continue
            args = (self.lesson.name, sub, content, seed, options.limits, hide, accelerate, shared)
            self.futures[self.client.submit(grade_on_worker, *args, pure=False)] = (sub, seed)

    def _warm_up(self, hide: list[str], limits: Limits, cache_folder: Path) -> dict[str, bytes]:
        """The solution notebook graded on the cluster with the compile cache filling (as a local batch
        does, but first: its tasks are all submitted at once); the programs are kept in ``cache_folder``."""
        from .batch import keep_warmed, solution_bytes

        notebook = solution_bytes(self.lesson)
        found = self.client.submit(warm_up_on_worker, self.lesson.name, notebook, limits, hide, pure=False).result()
        if isinstance(found, dict):  # bytes from a worker: names and sizes checked, never interpreted
            found = compile_cache.valid(found) or "no valid programs came back"
        return keep_warmed(cache_folder, found)

    def results(self) -> Iterator[Result]:
        """Each submission's result as its task finishes (invalid inputs first)."""
        from distributed import as_completed

        from .batch import _crashed, as_result

        for sub, seed, outcome in self.invalid:
            yield as_result(self.lesson, sub, seed, outcome)
        try:
            for future in as_completed(list(self.futures)):
                sub, seed = self.futures[future]
                try:
                    yield Result.from_json(future.result())
                except Exception as error:  # KilledWorker after Dask's retries, or the grader's own fault
                    if not self._connected():
                        raise ClusterError("the Dask scheduler went away") from error
                    yield _crashed(self.lesson, sub, seed, error)
        except OSError as error:
            raise ClusterError(f"the Dask scheduler went away: {error}") from error

    def _connected(self) -> bool:
        return self.client.status == "running"

    def stop(self) -> None:
        with contextlib.suppress(Exception):  # the scheduler may be gone already
            self.client.cancel(list(self.futures))

    def close(self, wait: bool) -> None:
        for closing in (self.client, self.local):
            if closing is not None:
                with contextlib.suppress(Exception):  # as above
                    closing.close()
