"""Path globs for --include, --exclude and scoped ignores.

``*`` and ``?`` stay within one path component, ``**`` crosses them, and a
pattern matches at any component boundary and covers what lies below a
matching directory: ``drafts`` and ``drafts/**`` both leave out
``news/drafts/a.md``; ``*.html`` matches ``a/b/c.html``. A pattern that starts
with ``/`` is anchored at the directory being walked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"\*\*/|\*\*|\*|\?|\[[^\]/]*\]|[^*?\[]+|\[")


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    anchored = pattern.startswith("/")
    body = pattern.strip("/")
    parts = []
    for token in _TOKEN.findall(body):
        if token == "**/":
            parts.append("(?:.*/)?")
        elif token == "**":
            parts.append(".*")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        elif token.startswith("[") and len(token) > 1:
            inner = token[1:-1]
            negate = inner.startswith("!")
            parts.append(("[^" if negate else "[") + (inner[1:] if negate else inner).replace("\\", "\\\\") + "]")
        else:
            parts.append(re.escape(token))
    return re.compile(("^" if anchored else "^(?:.*/)?") + "".join(parts) + "(?:/.*)?$")


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    posix = path.replace("\\", "/").removeprefix("./")
    return any(compile_glob(p).match(posix) for p in patterns)
