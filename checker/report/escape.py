"""Text from articles, ids and file names made safe to print: no character of it can drive a terminal,
start a line of its own or break the format it is written in.

Article text, JSON-lines ids and file names are data, and may hold anything: ESC and OSC sequences
(which a terminal obeys), NUL, BEL, a newline (which would start a line of its own, and in a CI log
a line like ``::error …`` is a workflow command), lone surrogates (not writable as UTF-8). Every
format that writes text lines (text, GitHub) passes such fields through :func:`printable`; JUnit's
XML keeps only the characters XML 1.0 allows (:func:`xml_text`). JSON and SARIF escape by their own
rules (``\\u001b``).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, lone surrogates, and the line and paragraph separators
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# what XML 1.0 does not allow: C0 controls but tab, newline and carriage return; surrogates; U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what HTML does not allow in text (control characters are parse errors there): C0 but tab, newline,
# form feed and carriage return; DEL; lone surrogates
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character (newlines and tabs too) written as an escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as escapes (``\\x1b``); newlines stay."""
    return _NOT_XML.sub(_escape, text) if _NOT_XML.search(text) else text


__all__ = ["printable", "xml_text"]


def html_text(text: str) -> str:
    """``text`` with the characters HTML does not allow written as escapes (``\\x1b``)."""
    return _NOT_HTML.sub(_escape, text) if _NOT_HTML.search(text) else text
