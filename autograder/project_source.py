"""This project as the platforms install it: its source (this package and ``solutions``), a
``pyproject.toml`` for it, and its dependencies pinned to the versions installed here, the ones its
tests ran with. Source, not a wheel: building a wheel needs build tools from the network, which a
platform's image build has and ``autograder assign`` may not."""

from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

import solutions

from . import __version__

DISTRIBUTION = "jax-linreg-autograder"


def pinned_requirements() -> str:
    """This project's dependencies (not its extras), each pinned to the version installed here: the
    one its tests ran with."""
    lines = []
    for text in metadata.requires(DISTRIBUTION) or []:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        lines.append(f"{requirement.name}{extras}=={metadata.version(requirement.name)}")
    return "\n".join(lines) + "\n"


def pyproject() -> str:
    """A pyproject.toml for the shipped source: the installed one is not part of a wheel."""
    return f"""[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{DISTRIBUTION}"
version = "{__version__}"
requires-python = ">=3.11"

[project.scripts]
autograder = "autograder.cli:entrypoint"

[tool.setuptools.packages.find]
include = ["autograder*", "solutions*"]

[tool.setuptools.package-data]
solutions = ["*/*.ipynb"]
autograder = ["lessons/*/examples/*/*.py", "dashboard.html"]
"""


def package_files() -> dict[str, Path]:
    """The source files of this package and of ``solutions`` (code, master notebooks, examples)."""
    files = {}
    for package in (Path(__file__).resolve().parent, Path(solutions.__file__).resolve().parent):
        for path in sorted(package.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".ipynb", ".html") and "__pycache__" not in path.parts:
                files[f"project/{package.name}/{path.relative_to(package)}"] = path
    return files


def files() -> dict[str, bytes]:
    """``requirements.txt`` and ``project/...`` (to ``pip install -r requirements.txt project``)."""
    found = {"requirements.txt": pinned_requirements().encode(), "project/pyproject.toml": pyproject().encode()}
    found.update({name: path.read_bytes() for name, path in package_files().items()})
    return found
