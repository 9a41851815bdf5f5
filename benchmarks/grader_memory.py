"""The trusted grader's own peak memory and time when a submission is built to inflate them.

Each case is graded by ``grade()`` in a fresh process of its own, which prints its own peak
resident memory (``ru_maxrss`` of the grading process only: workers are other processes) and wall
time; a baseline (the untouched student notebook) runs in the same invocation, and each case is
printed as a ratio to it and as the megabytes beyond it. The cases are the ones an attack review
measured: a 19.5 MB notebook of millions of empty lists (20 s and 1.28 GB in ``nbformat.reads``
when the grader parsed notebooks itself), a reply whose JSON header is megabytes of tiny values
(62 MB of it took the grader to 1.7 GB), and a zip of 500,000 entries (6 s and 200 MB before it
was refused). Run from the project root:

    .venv/bin/python benchmarks/grader_memory.py
"""

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from corpus import CORPUS, STUDENT_NOTEBOOK, build, parse

GRADE_ONE = """
import json, resource, sys, time
from pathlib import Path
from autograder.engine.batch import Options, grade
from autograder.engine.confine import Limits
from autograder.lessons import load
start = time.monotonic()
summary = grade([Path(sys.argv[1])], Options(Path(sys.argv[2]), "bench", load("linear_models"), 1, Limits(timeout_s=60),
                                                 progress=False))
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.monotonic() - start,
                  "status": summary.results[0].status.value if summary.results else "none"}))
"""


def empty_lists_notebook(path: Path, megabytes: float = 19.5) -> Path:
    """A valid notebook whose metadata holds millions of empty lists."""
    notebook = nbformat.read(STUDENT_NOTEBOOK, as_version=4)
    text = nbformat.writes(notebook)
    filler = ",".join(["[]"] * int(megabytes * 2**20 / 3))
    path.write_text(text.replace('"metadata": {', '"metadata": {"filler": [' + filler + "],", 1))
    return path


def many_entries_zip(path: Path, entries: int = 500_000) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(entries):
            archive.writestr(f"{index}", b"")
    return path


def measure(submission: Path, out: Path) -> dict:
    command = [sys.executable, "-c", GRADE_ONE, str(submission), str(out)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        cases = {"baseline (untouched notebook)": folder / "untouched.ipynb"}
        nbformat.write(nbformat.read(STUDENT_NOTEBOOK, as_version=4), cases["baseline (untouched notebook)"])
        cases["19.5 MB of empty lists"] = empty_lists_notebook(folder / "lists.ipynb")
        header = folder / "header.ipynb"
        nbformat.write(build(parse(CORPUS / "abuse" / "protocol_huge_header.py")), header)
        cases["4.4 MB reply header"] = header
        cases["zip of 500,000 entries"] = many_entries_zip(folder / "many.zip")
        results = {name: measure(path, folder / f"out-{index}") for index, (name, path) in enumerate(cases.items())}
    base = results["baseline (untouched notebook)"]
    print(f"{'case':32} {'status':10} {'peak MB':>8} {'x base':>7} {'+MB':>7} {'seconds':>8} {'x base':>7}")
    for name, r in results.items():
        print(
            f"{name:32} {r['status']:10} {r['peak_mb']:8.0f} {r['peak_mb'] / base['peak_mb']:7.2f}"
            f" {r['peak_mb'] - base['peak_mb']:7.0f} {r['seconds']:8.1f} {r['seconds'] / base['seconds']:7.2f}"
        )


if __name__ == "__main__":
    main()
