"""The Gradescope autograder package: ``dist/<lesson>/gradescope/autograder.zip`` (``autograder assign``).

What Gradescope wants at the zip's root (the files, not a folder): ``setup.sh``, run once when the
image is built, and ``run_autograder``, run per submission as root. Here ``setup.sh`` installs
Python 3.11 (Gradescope's default image is Ubuntu 22.04, whose own Python is 3.10, below what this
package needs) from the deadsnakes archive, a virtual environment in ``/opt/autograder-venv`` (not
under ``/root``, so the workers' unprivileged uids can run it), this project from ``project/`` with
its dependencies pinned to the versions it was built with (``requirements.txt``), puts
``autograder`` on ``PATH`` and makes ``/autograder/source`` (which holds the course secret)
readable by root alone. ``run_autograder`` runs ``autograder gradescope``
(``autograder.gradescope``), and writes a results.json itself if that command cannot be found.
The project ships as source (``project_source``).
"""

import json
import stat
import zipfile
from dataclasses import asdict
from pathlib import Path

from . import project_source
from .checks import Lesson
from .gradescope import CONFIG, SECRET, Config

VENV = "/opt/autograder-venv"

SETUP_SH = f"""#!/usr/bin/env bash
# Gradescope image build (Ubuntu 22.04): Python 3.11, this project and its pinned dependencies.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends software-properties-common
add-apt-repository -y ppa:deadsnakes/ppa
apt-get update
apt-get install -y --no-install-recommends python3.11 python3.11-venv
python3.11 -m venv {VENV}
{VENV}/bin/python -m pip install --upgrade pip
{VENV}/bin/python -m pip install -r /autograder/source/requirements.txt /autograder/source/project
ln -sf {VENV}/bin/autograder /usr/local/bin/autograder
chmod -R go-rwx /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this per submission, as root, in /autograder (tests set AUTOGRADER_ROOT elsewhere).
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if command -v autograder >/dev/null 2>&1; then
    exec autograder gradescope --root "$ROOT"
fi
mkdir -p "$ROOT/results"
echo "autograder is not on PATH: setup.sh did not finish" >&2
printf '%s' '{"score": 0, "output": "The grader is not installed; your instructor can see why.", "tests": []}' \
    > "$ROOT/results/results.json"
"""


def _add(archive: zipfile.ZipFile, name: str, data: str | bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def build(lesson: Lesson, target: Path, secret: str, config: Config | None = None) -> Path:
    """Write the package for ``lesson`` to ``target`` (a .zip path) and return it."""
    config = config or Config(lesson=lesson.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH, 0o755)
        _add(archive, "run_autograder", RUN_AUTOGRADER, 0o755)
        _add(archive, CONFIG, json.dumps(asdict(config), indent=2) + "\n")
        _add(archive, SECRET, secret + "\n", 0o600)
        for name, data in project_source.files().items():
            _add(archive, name, data)
    temporary.replace(target)
    return target
