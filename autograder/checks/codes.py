"""Diagnostic codes and the student-facing sentence for each.

Codes are a stable contract (docs/architecture.md): reports, CSV exports and dashboards key on them.
The codes below belong to every lesson; a lesson's table adds its own (and may word a shared code
for its functions). Messages never contain hidden inputs or expected values; a check may append public detail.
"""

MESSAGES: dict[str, str] = {
    # whole-function problems, any question
    "missing-definition": "`{name}` is not defined: run the cell that defines it, and keep the name exactly `{name}`.",
    "not-implemented": "`{name}` is not written yet (it still raises NotImplementedError or is `...`): replace the placeholder with your code.",
    "exception": "`{name}` raised {error} when the checker called it.",
    "not-callable": "`{name}` is {kind}, not a function: {advice}.",
    "depends-on-model": "This check of `{name}` uses your own `{model}`, which does not work yet: fix `{model}` first.",
    # whole submission (set by the engine)
    "timeout": "Grading stopped: the notebook ran longer than the time limit.",
    "memory-limit": "Grading stopped: the notebook used more memory than allowed.",
    "crashed": "Grading stopped: the notebook's process crashed.",
    "invalid-notebook": "The file is not a readable Jupyter notebook.",
}


def message(code: str, table: dict[str, str] = MESSAGES, **detail: object) -> str:
    """The student-facing sentence for ``code`` in ``table`` (a lesson's own, or the common one),
    with its placeholders filled from ``detail``."""
    return table[code].format(**detail)
