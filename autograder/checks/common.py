"""Findings shared by every question: a function that is missing, unfinished or raising."""

import builtins

from . import plain
from .context import Context
from .layout import Layout, find_layout
from .submission import LocalSubmission, Raised, Submission
from .verdict import Finding, Verdict

GRAD_FAILURES = (
    "TracerArrayConversionError",
    "ConcretizationTypeError",
    "TracerBoolConversionError",
    "TracerIntegerConversionError",
)
"""Errors jax raises when plain numpy (or Python control flow on values) meets a tracer."""


KNOWN_ERRORS = frozenset(
    {name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)}
    | set(GRAD_FAILURES)
    | {"UnexpectedTracerError", "NonConcreteBooleanIndexError", "KeyReuseError", "JaxRuntimeError", "XlaRuntimeError"}
    | {"LinAlgError", "AxisError", "UnsendableValue", "TooLargeError"}
)
"""Exception names a hidden check may show: Python's, jax's and numpy's own, and the protocol's. Any
other name is the student's text, and a class can be named at run time as easily as in the notebook:
after a call with hidden inputs, echoing it would show whatever it encodes (40 characters of those
inputs, say). Public checks, whose inputs are no secret, show any short identifier."""

MAX_SHOWN = 160
"""Characters of an error message or of a public input that a public check echoes."""


def one_line(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` on one line of printable characters, cut at ``limit``."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _identifier(text: str, fallback: str) -> str:
    return text if text.isidentifier() and len(text) <= 40 else fallback


def failure(name: str, error: Raised, cost: float, call: str | None = None, advice: str | None = None) -> Finding:
    """The finding for a call of ``name`` that raised ``error``; ``advice``: how to define ``name``
    (the lesson's words), for a name that is not a function.

    ``call``: for public checks only, how the failing call read (public inputs are no secret);
    the error's own message is then echoed too. Hidden checks pass none: their inputs, and error
    messages that may quote them (shapes, values), are never shown."""
    if error.missing:
        return Finding.of("missing-definition", cost, name=name)
    if error.not_implemented:
        return Finding.of("not-implemented", cost, name=name)
    if error.error == "NotCallable":  # detail: "<name> is a <type name>"
        kind = _identifier(error.detail.rpartition(" is a ")[2], "value")
        if call is None and kind not in plain.KNOWN_TYPES:  # after hidden inputs, as ``plain.describe``
            kind = "value"
        article = "an" if kind[0].lower() in "aeiou" else "a"
        advice = advice or f"define `{name}` as a function"
        return Finding.of("not-callable", cost, name=name, kind=f"{article} {kind}", advice=advice)
    # The type name is the student's own text: only a plain, short identifier is echoed back, and
    # after hidden inputs only a name from KNOWN_ERRORS.
    known = call is not None or error.error in KNOWN_ERRORS
    shown = _identifier(error.error, "an exception") if known else "an exception of its own"
    finding = Finding.of("exception", cost, name=name, error=shown)
    if call is None:
        return finding
    said = f' ("{one_line(error.detail)}")' if error.detail.strip() else ""
    text = finding.text.removesuffix(" when the checker called it.")
    return Finding(finding.code, cost, f"{text}{said} when the checker called {one_line(call, 2 * MAX_SHOWN)}.")


def missing(sub: Submission, name: str, cost: float) -> Finding:
    """``missing-definition``, saying why where the student's kernel tells (``LocalSubmission.missing_reason``:
    the cell that defines ``name`` was run and raised, for example on an import that is not installed)."""
    finding = Finding.of("missing-definition", cost, name=name)
    reason = sub.missing_reason(name) if isinstance(sub, LocalSubmission) else None
    if not reason:
        return finding
    text = (
        f"`{name}` is not defined: the cell that defines it was run, but {one_line(reason)}; fix that"
        " error and run the cell again."
    )
    return Finding(finding.code, cost, text)


def unwritten(sub: Submission, name: str, cost: float) -> Finding | None:
    """A finding if ``name`` is missing or still the stub handed out; None once the student wrote it."""
    status = sub.status(name)
    if status == "missing":
        return missing(sub, name, cost)
    if status == "placeholder":
        return Finding.of("not-implemented", cost, name=name)
    return None


def begin(sub: Submission, ctx: Context, name: str, points: float) -> Layout | Verdict:
    """The theta layout to judge ``name`` with, or the verdict that ends the judging at once: the
    function is missing or still the stub, or (public checks, which use the student's own model)
    the model does not work yet."""
    first = unwritten(sub, name, points)
    if first is not None:
        return Verdict(name, points, (first,))
    layout = find_layout(sub, ctx)
    if not ctx.probes and not layout.from_behaviour:
        return Verdict(name, points, (Finding.of("depends-on-model", points, name=name, model=ctx.roles.model),))
    return layout
