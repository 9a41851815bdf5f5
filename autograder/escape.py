"""Text that came from a submission or an LMS file, made safe for where it lands: one module.

Every string a student can influence (file and folder names, dict keys, type names, exception
messages) is hostile. It reaches the grader's outputs through exactly these functions:

- ``printable``: any text to a lossless, single-line, valid-UTF-8 form (file names that are not
  UTF-8 arrive from ``os.fsdecode`` as lone surrogates; control and format characters such as
  ``\\r`` or a right-to-left override would forge lines or reorder text). Used at the trust line
  (the wire, discovery) so nothing downstream ever holds a surrogate or a control character.
- ``safe``: the same without doubling backslashes, so that it leaves printable text unchanged.
- ``markdown``: inline Markdown text that cannot open a heading, a table cell, a link, an image or
  an HTML tag.
- ``csv_cell``: a spreadsheet cell that cannot start a formula.
- ``html``: HTML text and attribute values.
"""

import html as _html
import re
import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape_char(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode's surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with backslashes doubled and every unsafe character written as ``\\xNN``/``\\uNNNN``.

    Lossless (the escapes can be undone), always encodable as UTF-8, and one line. Ordinary
    letters of any script, spaces and punctuation are kept as they are. Applied once, where text
    crosses into the trusted side."""
    return _escape_unsafe(text, lossless=True)


def safe(text: str) -> str:
    """``text`` with unsafe characters escaped but backslashes kept: text that is already
    printable comes back unchanged (for a last-resort cleaning of text of unknown origin)."""
    return _escape_unsafe(text)


def _escape_unsafe(text: str, lossless: bool = False) -> str:
    """Unsafe characters escaped; backslashes doubled only if ``lossless``. Without it, text that is
    already printable comes back unchanged, so the format escapers below may be applied to it."""
    if text.isascii() and text.isprintable() and not (lossless and "\\" in text):
        return text
    out = []
    for char in text:
        if char == "\\" and lossless:
            out.append("\\\\")
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(_escape_char(char))
        else:
            out.append(char)
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&=:\"'])")
_CODE_SPAN = re.compile(r"`[^`|]+`")
"""A code span: Markdown shows its content literally, so only ``|`` (a table cell's end) must not be in it."""


def markdown(text: str) -> str:
    """``text`` as inert inline Markdown (safe in a table cell too): code spans are kept, since
    their content is shown literally; every other character with a meaning is backslash-escaped."""
    safe, out, last = _escape_unsafe(text), [], 0
    for span in _CODE_SPAN.finditer(safe):
        out += [_MARKDOWN_SPECIAL.sub(r"\\\1", safe[last : span.start()]), span.group(0)]
        last = span.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", safe[last:]))
    return "".join(out)


def csv_cell(text: str) -> str:
    """``text`` for a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    safe = _escape_unsafe(text)
    return "'" + safe if safe[:1] in ("=", "+", "-", "@", "\t", "\r") else safe


def html(text: str) -> str:
    """``text`` escaped for HTML element content and quoted attribute values."""
    return _html.escape(_escape_unsafe(text), quote=True)
