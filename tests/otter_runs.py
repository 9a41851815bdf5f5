"""``otter run`` as an instructor runs it, for the tests that compare Otter's scores with ours."""

import json
import subprocess
import sys
from pathlib import Path


def otter_scores(notebook: Path, autograder_zip: Path) -> dict[str, float]:
    """Each question's score when ``otter run`` grades ``notebook`` with ``autograder_zip`` (its
    results go to ``otter-out`` beside the notebook)."""
    out = notebook.parent / "otter-out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(autograder_zip), "-o", str(out), str(notebook)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=notebook.parent,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    results = json.loads((out / "results.json").read_text())["tests"]
    return {test["name"]: test["score"] for test in results if test["name"] != "Public Tests"}
