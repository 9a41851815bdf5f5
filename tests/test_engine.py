"""``autograder grade`` end to end: real notebooks in real sandboxes, honest and abusive together.

The abuse corpus (``tests/corpus/abuse``) is graded next to honest submissions and next to inputs
that are not notebooks at all. Every abusive submission must get its declared status and no forged
points; the honest ones must get exactly the scores the check library gives them on their own;
nothing may survive or leak out of a sandbox.

Batches: the main one (90 s per submission) holds the honest submissions, the non-notebook inputs
and every abuse case without a ``# group:`` line that is not meant to time out. Cases meant to time
out go to a short batch (HANGING_TIMEOUT_S per submission: they only wait), and a case with
``# group: NAME`` is graded in batch NAME (20 s per submission, or HANGING_TIMEOUT_S for the groups
in HANGING) with the other cases of that group only: attacks on the grading process itself, which
may stall a worker slot or must be seen on a known neighbour, and a case that must finish real work
before it hangs (groups in SERIAL_GROUPS run with one worker, so their cases share one worker slot
in order).
Each batch runs under a watchdog that kills a worker still alive 15 s after its own deadline (a
grader blocked on a worker would otherwise hang the test run); any such kill fails the run.

Every batch grades with the students' gradients compiled, as ``autograder grade`` does by default;
the main batch's notebooks are graded once more with ``--exact`` (batch ``main-exact``), and each
must get the same status and verdicts both ways, but for the abuse cases marked ``# passes:
accelerated``: attacks on the sandbox alone (files, processes, memory, network, output), which the
compiled gradients do not touch, graded only as ``autograder grade`` grades by default.
"""

import contextlib
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import threading
import time
import traceback
import zipfile
from dataclasses import replace
from pathlib import Path

import nbformat
import numpy as np
import pytest
from html_page import Page
from markdown_it import MarkdownIt

import corpus
from autograder.engine import sandbox, uids
from autograder.engine.batch import COMPILE_CACHE, Options, grade, shared_compile_cache
from autograder.engine.confine import Limits
from autograder.report import REPORTS, report_name

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("engine-batch")]
"""One xdist worker runs this module, so the batch fixture (the abuse corpus, ~3 min) is built once."""

HONEST = {"correct/reference": 10.0, "mistakes/loss_sum": 9.0}
TIMEOUT_S = 90.0
SHORT_TIMEOUT_S = 20.0
HANGING_TIMEOUT_S = 8.0
HANGING = ("short", "protocol-stalled-frame", "pipe-garbage")
"""Groups whose cases end as ``timeout`` (they only wait) or break the protocol in their first cells:
their limit is shortest."""
MEMORY_MB = 3072
OVERRUN_GRACE_S = 15.0
EXACT = "main-exact"
"""The main batch's notebooks again, graded with ``--exact``."""
SERIAL_GROUPS = ("slot-reuse", "keyring")
"""Groups graded with one worker, in file-name order: each case gets the worker slot (and uid) the
previous one used (``fork_bomb`` then ``honest_after_fork_bomb``)."""
STATUSES = ("graded", "timeout", "memory-limit", "crashed", "invalid")
ABUSE = corpus.entries("abuse")
"""Graded in the batches of the session fixture, each case reported as a test of its own."""
MARKER = "ABUSE-MARKER"
"""Abuse cases name every file they try to create outside their sandbox with this prefix."""
MARKER_FOLDERS = ("/var/tmp", "/run/lock", "/dev/shm", "/root", "/tmp", "/")
"""Folders (besides the project and the test's own folders) searched for marker files, not recursively."""
INSTRUCTOR = "autograder-instructor-"
"""Prefix of the course folder planted outside every folder the grader hides (``_plant_course_folder``)."""

INPUTS = {
    "empty.ipynb": ("invalid", 0.0),
    "notes-as-notebook.ipynb": ("invalid", 0.0),
    "notes-as-zip.zip": ("invalid", 0.0),
    "corrupt.zip": ("invalid", 0.0),
    "zip-bomb.zip": ("invalid", 0.0),
    "two-notebooks.zip": ("invalid", 0.0),
    "notes.txt": ("invalid", 0.0),
    "zip-slip.zip": ("graded", 0.0),
    "otter-export.zip": ("graded", 10.0),
    "bad-crc.zip": ("invalid", 0.0),
    "hw 1.ipynb": ("graded", 10.0),
    "hw~1.ipynb": ("graded", 0.0),
    "caf\\xe9.ipynb": ("graded", 0.0),
}
"""Inputs that are not plain notebooks, or whose names are hostile: (status, exact score). The
zip-slip member holds a notebook with wrong answers (graded, and nothing written at
``../../evil.ipynb``); the Otter export holds the reference notebook and a malicious ``.OTTER_LOG``
pickle that must never be unpickled; the bad-CRC zip opens but fails on read. ``hw 1`` and ``hw~1``
once shared a feedback file (the attacker's replaced the victim's); ``caf\xe9`` (Latin-1, not
UTF-8: shown with the byte escaped) crashed the gradebook write."""


def _key(entry: corpus.Entry) -> str:
    return f"{entry.name.replace('/', '-')}.ipynb"


def _group(entry: corpus.Entry) -> str:
    if entry.group:
        return entry.group
    return "short" if entry.status == "timeout" else "main"


def _worker_uids() -> set[int]:
    """The uids of this process's worker slots: as root every uid of the blocks it claimed."""
    uids.worker_uid(0)  # claims the first block, if no batch has yet
    return set(uids.BLOCKS.uids()) if os.getuid() == 0 else {os.getuid()}


def _leftover_processes() -> list[str]:
    """Processes owned by any worker uid, still alive."""
    listing = subprocess.run(["ps", "-eo", "uid=,pid=,args="], capture_output=True, text=True).stdout
    return [line for line in listing.splitlines() if line.split() and int(line.split()[0]) in _worker_uids()]


def _leftovers_after_grace(seconds: float = 5.0) -> list[str]:
    """Worker processes still there ``seconds`` after a batch (a worker told "bye" takes a moment to exit)."""
    deadline = time.monotonic() + seconds
    while (leftovers := _leftover_processes()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return leftovers


def _kill_leftovers(uid: int | None = None) -> None:
    """SIGKILL every process of a worker uid (or of ``uid``), one pid at a time."""
    for line in _leftover_processes():
        if uid is None or int(line.split()[0]) == uid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split()[1]), signal.SIGKILL)
    time.sleep(1)


def _worker_shm_segments() -> list[str]:
    """System V shared memory segments created by a worker uid (they outlive the process)."""
    try:
        lines = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    except OSError:
        return []
    return [line for line in lines if int(line.split()[7]) in _worker_uids()]


def _marker_files(folders: list[Path]) -> list[str]:
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            found += [os.path.join(root, name) for name in files + dirs if name.startswith(MARKER)]
    for folder in MARKER_FOLDERS:
        with contextlib.suppress(OSError):
            found += [os.path.join(folder, name) for name in os.listdir(folder) if name.startswith(MARKER)]
    return sorted(set(found))


def _clean_up_escapes(folders: list[Path]) -> None:
    """Remove what escaped sandboxes (only when the engine let it): marker files, shm segments."""
    for path in _marker_files(folders):
        subprocess.run(["rm", "-rf", "--", path], check=False)
    for line in _worker_shm_segments():
        subprocess.run(["ipcrm", "-m", line.split()[1]], check=False, capture_output=True)


class _Unpickled:
    """What the Otter log holds: unpickling it creates the file ``path``."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def _write_inputs(folder: Path, wrong: nbformat.NotebookNode, honest: nbformat.NotebookNode) -> dict[str, Path]:
    """The non-notebook inputs of INPUTS in ``folder``; returns the paths that must never appear."""
    wrong_text, honest_text = nbformat.writes(wrong), nbformat.writes(honest)
    (folder / "empty.ipynb").write_bytes(b"")
    (folder / "notes-as-notebook.ipynb").write_text("My notes: the answers are in my head.\n")
    (folder / "notes-as-zip.zip").write_text("My notes, not a zip.\n")
    (folder / "notes.txt").write_text("Given on the command line, not a notebook.\n")
    with zipfile.ZipFile(folder / "corrupt.zip", "w") as archive:
        archive.writestr("linear_models.ipynb", honest_text)
    data = (folder / "corrupt.zip").read_bytes()
    (folder / "corrupt.zip").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(folder / "zip-slip.zip", "w") as archive:
        archive.writestr("../../evil.ipynb", wrong_text)
    bomb = json.loads(honest_text)
    bomb["cells"][0]["source"] = "# " + " " * (30 * 2**20)
    with zipfile.ZipFile(folder / "zip-bomb.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("linear_models.ipynb", json.dumps(bomb))
    with zipfile.ZipFile(folder / "two-notebooks.zip", "w") as archive:
        archive.writestr("linear_models.ipynb", honest_text)
        archive.writestr("copy/linear_models.ipynb", honest_text)
    with zipfile.ZipFile(folder / "bad-crc.zip", "w") as archive:
        archive.writestr("linear_models.ipynb", honest_text)
    data = bytearray((folder / "bad-crc.zip").read_bytes())
    data[30 + len("linear_models.ipynb") + 100] ^= 0x01  # one bit of the stored notebook: its CRC-32 fails
    (folder / "bad-crc.zip").write_bytes(bytes(data))
    (folder / "hw 1.ipynb").write_text(honest_text)
    (folder / "hw~1.ipynb").write_text(wrong_text)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.ipynb"), "w") as handle:
        handle.write(wrong_text)
    unpickled = folder.parent / f"{MARKER}-otter-log-unpickled"
    with zipfile.ZipFile(folder / "otter-export.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("linear_models.ipynb", honest_text)
        archive.writestr(".OTTER_LOG", pickle.dumps(_Unpickled(unpickled)))
    return {
        "unpickled": unpickled,
        "slipped": folder.parent.parent / "evil.ipynb",
        "slipped-near": folder / "evil.ipynb",
    }


def _plant_course_folder() -> Path:
    """A course folder as an instructor keeps one, outside the checkout and every folder the grader
    hides: in ``/srv`` (as root) or the user's home, with a copy of the master notebook readable by
    everyone and notes writable by everyone. As root a worker's own uid may read and write such
    files; as an ordinary user the worker owns them. ``abuse/read_outside_scratch`` searches both
    places and adopts any solution it finds (it scored 7 of 10 with this folder before the Landlock
    allowlist of ``autograder/engine/landlock.py``); ``abuse/write_outside_scratch`` appends to every
    file it finds there."""
    folder = corpus.folder_outside(INSTRUCTOR)
    folder.chmod(0o755)
    shutil.copy(corpus.LESSON.master(), folder / "master.ipynb")
    (folder / "master.ipynb").chmod(0o644)
    (folder / "notes.txt").write_text("untouched")
    (folder / "notes.txt").chmod(0o666)
    return folder


def _grade_guarded(inputs: list[Path], options: Options) -> dict:
    """``grade`` in a thread with a watchdog; returns what went wrong with the batch itself."""
    finished = threading.Event()
    failure: list[str] = []

    def run() -> None:
        try:
            grade(inputs, options)
        except BaseException:
            failure.append(traceback.format_exc(limit=-6))
        finally:
            finished.set()

    thread = threading.Thread(target=run, name="batch", daemon=True)
    thread.start()
    overruns: list[str] = []
    killed: set[int] = set()
    while not finished.wait(1.0):
        with sandbox._live_lock:
            boxes = list(sandbox._live)
        for box in boxes:
            late = time.monotonic() - box.deadline
            if late > OVERRUN_GRACE_S and box.process is not None and box.process.pid not in killed:
                killed.add(box.process.pid)
                overruns.append(f"worker uid {box.uid} still running {late:.0f} s after its deadline")
                with contextlib.suppress(ProcessLookupError):
                    os.kill(box.process.pid, signal.SIGKILL)
                _kill_leftovers(box.uid)  # the student code's process too: it may outlive the one above
    thread.join()
    return {"error": failure[0] if failure else None, "overruns": overruns}


def _compile_cache(name: str, runs: dict) -> Path | None:
    """The compile cache a batch uses: the main batch and SERIAL_GROUPS warm up their own (in their
    output folders); the main batch's serves the exact one (which must not warm up again); the others
    share the test run's (``Options.compile_cache``'s default)."""
    if name == "main" or name in SERIAL_GROUPS:
        return None
    return runs["main"]["out"] / COMPILE_CACHE if name == EXACT else shared_compile_cache(os.environ)


def _cache_folder(root: Path) -> Path:
    """The one lesson-and-version folder of a compile cache."""
    (folder,) = root.glob("*/*")
    return folder


@pytest.fixture(scope="session")  # once per run: xdist interleaves other modules, which rebuilt a module fixture
def batch(tmp_path_factory):
    entries = {e.name: e for e in corpus.entries("correct") + corpus.entries("mistakes") + ABUSE}
    groups: dict[str, list[corpus.Entry]] = {"main": [entries[name] for name in HONEST]}
    for entry in ABUSE:
        groups.setdefault(_group(entry), []).append(entry)
    groups[EXACT] = [entry for entry in groups["main"] if entry.passes != corpus.ACCELERATED]
    runs, results, exact, never = {}, {}, {}, {}
    course = _plant_course_folder()
    canaries, folders = [course / "notes.txt"], [course]
    try:
        for name in sorted(groups, key=lambda g: (g != "main", g != "short", g)):
            folder = tmp_path_factory.mktemp(f"submissions-{name}")
            out = tmp_path_factory.mktemp(f"out-{name}")
            folders += [folder, out]
            for entry in groups[name]:  # the master's eager loop runs in tests/test_otter.py's engine grades
                nbformat.write(corpus.build(entry, master_loop=False), folder / _key(entry))
            inputs = [folder]
            if name == "main":
                never = _write_inputs(
                    folder,
                    corpus.build(entries["abuse/patch_numpy_builtins"]),
                    corpus.build(entries["correct/reference"], master_loop=False),
                )
                inputs.append(folder / "notes.txt")
            canary = folder / "canary.txt"
            canary.write_text("untouched")
            canaries.append(canary)
            timeout_s = SHORT_TIMEOUT_S if name not in HANGING else HANGING_TIMEOUT_S
            timeout_s = TIMEOUT_S if name in ("main", EXACT) else timeout_s
            limits = Limits(timeout_s=timeout_s, memory_mb=MEMORY_MB)
            options = Options(out, "test-secret", corpus.LESSON, 1 if name in SERIAL_GROUPS else 2, limits)
            options = replace(options, progress=False, exact=name == EXACT, compile_cache=_compile_cache(name, runs))
            cache = _cache_folder(options.compile_cache) if name == EXACT else None
            warmed = cache.stat().st_ino if cache else None
            started = time.monotonic()
            runs[name] = {**_grade_guarded(inputs, options), "out": out}
            runs[name]["cache rewritten"] = cache is not None and cache.stat().st_ino != warmed
            print(f"\nengine batch {name}: {len(groups[name])} notebooks in {time.monotonic() - started:.0f} s")
            runs[name]["leftovers"] = _leftovers_after_grace()
            _kill_leftovers()  # recorded above; a later batch must not pay for this one
            lines = (out / "results.jsonl").read_text().splitlines()
            runs[name]["results"] = [json.loads(line) for line in lines]
            found = exact if name == EXACT else results
            found.update({os.path.basename(r["submission"]): r for r in runs[name]["results"]})
            runs[name]["expected"] = len(groups[name]) + (len(INPUTS) if name == "main" else 0)
        project = [corpus.ROOT, Path(tmp_path_factory.getbasetemp()), course]
        yield {
            "runs": runs,
            "results": results,
            "exact": exact,
            "canaries": canaries,
            "never": never,
            "markers": _marker_files(project),
            "shm": _worker_shm_segments(),
        }
    finally:
        _kill_leftovers()
        _clean_up_escapes([corpus.ROOT, Path(tmp_path_factory.getbasetemp()), *folders])
        shutil.rmtree(course, ignore_errors=True)


def _result(batch: dict, key: str) -> dict:
    result = batch["results"].get(key)
    assert result is not None, (key, "no result", {n: r["error"] for n, r in batch["runs"].items() if r["error"]})
    return result


def test_every_batch_finished_within_its_limits(batch):
    problems = [f"{name}: grade() raised\n{run['error']}" for name, run in batch["runs"].items() if run["error"]]
    problems += [f"{name}: {overrun}" for name, run in batch["runs"].items() for overrun in run["overruns"]]
    assert not problems, "\n".join(problems)


def test_every_submission_got_one_result(batch):
    for name, run in batch["runs"].items():
        assert len(run["results"]) == run["expected"], (
            name,
            [os.path.basename(r["submission"]) for r in run["results"]],
        )
        assert all(r["status"] in STATUSES for r in run["results"])


@pytest.mark.parametrize("entry", ABUSE, ids=lambda e: e.name)
def test_abuse_gets_its_status_and_no_forged_points(entry, batch):
    result = batch["results"].get(_key(entry))
    assert result is not None, "no result (its batch did not finish)"
    assert result["status"] in entry.status.split("|"), (result["status"], result["reason"])
    if entry.max_score is not None:
        points = [(t["name"], t["score"]) for t in result["tests"]]
        assert result["score"] <= entry.max_score, ("forged points", result["score"], points, result.get("cell_errors"))
    got = {t["name"]: (t["score"], t["diagnostics"]) for t in result["tests"] if t["name"] in entry.expected}
    assert got == entry.expected


COMPARED = [e for e in ABUSE if _group(e) == "main" and "|" not in e.status and e.passes != corpus.ACCELERATED]
"""The main batch's abuse cases graded both ways, but those whose file allows another status (the
machine decides)."""


@pytest.mark.parametrize("entry", COMPARED, ids=lambda e: e.name)
def test_acceleration_changes_no_status_and_no_verdict(entry, batch):
    accelerated, exact = batch["results"].get(_key(entry)), batch["exact"].get(_key(entry))
    assert accelerated is not None and exact is not None, "no result (its batch did not finish)"
    assert (accelerated["acceleration"]["on"], exact["acceleration"]["on"]) == (True, False)

    def verdicts(result: dict) -> tuple:
        return result["status"], result["score"], [(t["name"], t["score"], t["diagnostics"]) for t in result["tests"]]

    assert verdicts(accelerated) == verdicts(exact), {
        "accelerated": (verdicts(accelerated), accelerated["reason"], [t["message"] for t in accelerated["tests"]]),
        "exact": (verdicts(exact), exact["reason"], [t["message"] for t in exact["tests"]]),
    }


def test_honest_submissions_are_unaffected(batch):
    for name, total in HONEST.items():
        result = _result(batch, f"{name.replace('/', '-')}.ipynb")
        assert (result["status"], result["score"]) == ("graded", total), result


def test_inputs_that_are_not_notebooks(batch):
    for name, (status, score) in INPUTS.items():
        result = _result(batch, name)
        assert (result["status"], result["score"]) == (status, score), (name, result["reason"])
        if status == "invalid":
            assert result["reason"] and "\n" not in result["reason"], (name, result["reason"])
    assert not any(path.exists() for path in batch["never"].values()), batch["never"]


OUTPUTS = {
    "feedback",
    "gradebook.sqlite",
    "gradebook.sqlite-shm",
    "gradebook.sqlite-wal",
    "grades.csv",
    "results.jsonl",
    "index.html",
    REPORTS,
    COMPILE_CACHE,
}


def test_nothing_survives_or_leaks(batch):
    problems = [
        f"{name}: {len(lines)} worker processes left, e.g. {lines[0][:80]}"
        for name, lines in ((n, run["leftovers"]) for n, run in batch["runs"].items())
        if lines
    ]
    problems += [f"canary changed: {c}" for c in batch["canaries"] if c.read_text() != "untouched"]
    for name, run in batch["runs"].items():
        unexpected = {p.name for p in run["out"].iterdir()} - OUTPUTS
        if unexpected:
            problems.append(f"{name}: unexpected output files {sorted(unexpected)}")
        for folder in ("feedback", REPORTS):
            if len(list((run["out"] / folder).iterdir())) != len(run["results"]):
                problems.append(f"{name}: not one file in {folder}/ per result")
    assert not problems, "\n".join(problems)


def _strict_json(line: str) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(line, parse_constant=refuse)


def test_outputs_are_strict_and_show_student_text_inertly(batch):
    """results.jsonl is strict JSON (no NaN: worker-reported costs are student-controlled); every
    feedback file is UTF-8 whose Markdown renders one heading, one score line, no student markup;
    every result has a report, with no script, handler or link in it and no request leaving it."""
    renderer = MarkdownIt("commonmark").enable("table")
    problems = []
    for name, run in batch["runs"].items():
        for line in (run["out"] / "results.jsonl").read_text(encoding="utf-8").splitlines():
            try:
                _strict_json(line)
            except ValueError as error:
                problems.append(f"{name}: results.jsonl: {error}")
        for path in (run["out"] / "feedback").iterdir():
            html = renderer.render(path.read_bytes().decode("utf-8"))
            if html.count("<h1>") != 1 or html.count("<strong>") != 1 or "<h2>" in html:
                problems.append(f"{path.name}: forged structure")
            if any(tag in html for tag in ("<script", "<img", "<a ")):
                problems.append(f"{path.name}: student markup rendered")
        reports = {path.name for path in (run["out"] / REPORTS).iterdir()}
        for result in run["results"]:
            name_of_report = report_name(result["submission"])
            if name_of_report not in reports:
                problems.append(f"{name}: no report for {result['submission']}")
                continue
            page = Page()
            page.feed((run["out"] / REPORTS / name_of_report).read_text(encoding="utf-8"))
            if page.scripts or any(k.startswith("on") or k == "href" for _, attrs in page.tags for k in attrs):
                problems.append(f"{name_of_report}: student markup rendered")
            if any(not attrs.get("src", "data:").startswith("data:") for _, attrs in page.tags):
                problems.append(f"{name_of_report}: a request leaves the report")
    hostile = _result(batch, "abuse-hostile_text.ipynb")
    assert "onerror" in " ".join(t["message"] for t in hostile["tests"])  # shown, as text
    assert not problems, "\n".join(problems)
    drawn = _result(batch, "correct-reference.ipynb")["picture"]
    assert drawn["recorded"] == 3000 and drawn["wb"] == pytest.approx([2.0, 20.0], abs=0.1), drawn


def test_the_report_draws_nothing_the_hidden_checks_showed(batch):
    """``abuse/picture_carries_hidden_data`` hands its report every hidden x its model was called with."""
    result = _result(batch, "abuse-picture_carries_hidden_data.ipynb")
    cases = corpus.LESSON.hidden_context(result["seed"]).cases
    hidden = {float(value) for value in np.concatenate([np.ravel(cases.x), np.ravel(cases.loop_x)])}
    drawn = {value for value in result["picture"]["losses"] if value is not None}
    assert result["picture"]["recorded"] == 3000 and drawn and not drawn & hidden, sorted(drawn & hidden)[:5]


LEAKS = ["abuse/leak_in_loss_shape", "abuse/leak_in_losses_length", "abuse/leak_in_names"]
"""Abuse cases that spell hidden inputs in the sizes or the names of what they return."""


@pytest.mark.parametrize("name", LEAKS)
def test_no_number_a_submission_chose_reaches_its_messages(name, batch):
    result = _result(batch, f"{name.replace('/', '-')}.ipynb")
    shown = {number for test in result["tests"] for number in re.findall(r"\d{3,}", test["message"])}
    assert shown <= {"300", "2999", "3000", "3001"}, [test["message"] for test in result["tests"]]


def test_nothing_escapes_the_sandbox(batch):
    problems = [f"file written outside a sandbox: {path}" for path in batch["markers"]]
    problems += [f"System V shared memory left by a worker: {line}" for line in batch["shm"]]
    assert not problems, "\n".join(problems)


def test_one_warm_up_compiles_for_a_batch_and_each_worker_gets_its_own_copy(batch):
    for name in ("main", "slot-reuse"):  # batches of 3 or more submissions warm a cache up
        assert len(list(_cache_folder(batch["runs"][name]["out"] / COMPILE_CACHE).iterdir())) > 10, name
    exact = batch["runs"][EXACT]  # graded with the main batch's cache, named as a shared one
    assert not exact["cache rewritten"] and not (exact["out"] / COMPILE_CACHE).exists()
    poisoner = _result(batch, "abuse-compile_cache_poison.ipynb")
    assert "NoCompileCache" not in [error for _, error in poisoner["cell_errors"]], poisoner
    after = _result(batch, "abuse-honest_after_fork_bomb.ipynb")  # the same worker slot, graded later
    assert (after["status"], after["score"]) == ("graded", 10.0), after
