"""What the command line names, read as articles: files, directories, standard input; txt, md, html, jsonl.

Directories are walked recursively, leaving out hidden directories;
``include`` globs pick the files (default: the known suffixes) and ``exclude``
globs leave files out (of walks and of files named directly). Sources are
read in the order of their paths, whatever the order they were given in, and
an article's id is settled in that order, so a run's report does not depend on
the order of its inputs (or on how many processes read them).
Each input that cannot be read (missing, binary, not UTF-8, bad front matter,
a bad JSON line) becomes an error naming its path, and the rest is read.

- ``.txt`` / ``.md``: text, Markdown front matter, ``metadata.yaml`` beside them (see ``checker.articles.parse``).
- ``.html``: the page's own text and tags (see ``checker.articles.html``).
- ``.jsonl``: one article a line (``id``, ``text``, ``story``, ``published``, ``outlet``, ``title``,
  ``url``); its path in reports is ``FILE#ID`` and its lines are those of its ``text``.
- ``-``: standard input, read as Markdown unless it looks like HTML or JSON lines
  (or ``stdin_name`` gives it a suffix).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

from checker.articles.parse import METADATA_FILE, ArticleError, YAMLProblem, metadata_table, build_article, split_front_matter
from checker.globs import matches_any
from checker.model import Article, InputError
from checker.suppress import FRONT_MATTER_KEY, Ignore, directives_in, front_matter_ignores

if TYPE_CHECKING:
    from checker.run.idindex import IdIndex

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
           ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
STDIN = "-"
STDIN_SHOWN = "<stdin>"
_JSONL_FIELDS = ("story", "published", "outlet", "title", "url")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputOptions:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    story_key: str = "story"
    stdin_name: str | None = None  # a name (and so a format) for standard input


# slots: a run holds one Source per file, and sending an instance without them to a worker
# (pickling it) gives it a __dict__ that it then keeps (~100 B an article measured)
@dataclass(frozen=True, slots=True)
class Source:
    shown: str  # the path as given, or as found under a directory given
    file: str | None = None  # what to read; None: standard input, or nothing there
    problem: str | None = None

    def __reduce__(self):
        # a plain tuple: the pickling dataclasses give classes with slots reads fields() every time
        return Source, (self.shown, self.file, self.problem)

    @property
    def path(self) -> Path | None:
        """The file as a Path, made when asked for: a corpus has many sources, and a Path weighs
        several times its string."""
        return Path(self.file) if self.file is not None else None

    @property
    def stdin(self) -> bool:
        return self.file is None and self.problem is None


@dataclass(frozen=True)
class Read:
    """An article as its source gives it, before its id is settled against the other sources':
    ``article.id`` is the id it asks for, ``fallback`` the one it gets when that is taken."""

    article: Article
    fallback: str
    ignores: tuple[Ignore, ...] = ()


@dataclass
class Loaded:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    ignores: dict[str, list[Ignore]] = field(default_factory=dict)  # article id -> the ignores it declares


def discover(inputs: Iterable[str], options: InputOptions) -> list[Source]:
    """The sources the inputs name, in the order of their paths; a file named twice is read once."""
    files: dict[str, Source] = {}  # real path -> source
    sources: list[Source] = []

    def add(shown: str, real: str) -> None:
        real = shown if real == shown else real  # one string, not two equal ones, per file of a corpus
        if real not in files or _order(shown) < _order(files[real].shown):
            files[real] = Source(shown_path(shown), shown)

    for given in inputs:
        if given == STDIN:
            sources.append(Source(options.stdin_name or STDIN_SHOWN))
            continue
        kind = _kind(given)
        if kind == "directory":
            root = str(Path(given))
            before = len(files) + len(sources)
            for shown, relative, real, problem in _walk(root, os.path.realpath(root), ""):
                if problem is not None:
                    sources.append(Source(shown_path(shown), None, problem))
                    continue
                wanted = matches_any(relative, options.include) if options.include \
                    else os.path.splitext(relative)[1].lower() in FORMATS
                if wanted and not matches_any(relative, options.exclude):
                    add(shown, real)
            if len(files) + len(sources) == before:
                which = f"--include {' '.join(options.include)}" if options.include else \
                    f"{', '.join(sorted(set(FORMATS)))}"
                sources.append(Source(shown_path(given), None, f"no article files in this directory ({which})"))
        elif kind == "file":
            if not matches_any(given, options.exclude):
                add(given, os.path.realpath(given))
        else:
            sources.append(Source(shown_path(given), None, kind))
    found = [*files.values(), *sources]
    if not _in_order(found):  # a walk gives its files in order already: no keys for 100,000 paths
        found.sort(key=lambda s: _order(s.shown))
    return found


def shown_path(path: str) -> str:
    """A path (or id) as reports show it: bytes of a file name that are not UTF-8 (which Python keeps as
    lone surrogates) as ``\\xff``, control characters (a newline, ESC) as ``\\n``, ``\\x1b``, so that
    every format can write it, on one line, and all write it the same way."""
    if not _UNSHOWABLE.search(path):
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNSHOWABLE.sub(lambda m: _CONTROL_NAMES.get(m.group(), f"\\x{ord(m.group()):02x}"), path)


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _kind(given: str) -> str:
    """"file", "directory", or why the path named cannot be read."""
    import stat

    try:
        mode = os.stat(given).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links: fix or remove the link"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file or directory"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISREG(mode):
        return "file"
    what = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or \
        stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    return f"{what}, not an article file: pipe it to standard input instead (checker check - < FILE)"


def _in_order(sources: list[Source]) -> bool:
    previous = None
    for source in sources:
        key = _order(source.shown)
        if previous is not None and key < previous:
            return False
        previous = key
    return True


def _walk(directory: str, real: str, relative: str) -> Iterator[tuple[str, str, str, str | None]]:
    """(path as shown, path relative to the directory given, real path, problem) of every file under
    ``directory``, in the order of their paths: names sorted at each level, leaving out hidden
    directories and not following links to directories. A directory that cannot be listed, or a link
    that leads nowhere readable (a loop), comes with its problem (and no real path)."""
    try:
        with os.scandir(directory) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as exc:
        if relative:  # the directory given is checked by the caller
            yield directory, relative, "", f"cannot read this directory: {exc.strerror or exc}"
        return
    for entry in entries:
        inner = f"{relative}/{entry.name}" if relative else entry.name
        shown = entry.name if directory == "." else os.path.join(directory, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    yield from _walk(shown, os.path.join(real, entry.name), inner)
            elif entry.is_file():
                yield shown, inner, os.path.realpath(shown) if entry.is_symlink() else os.path.join(real, entry.name), \
                    None
        except OSError as exc:  # a link in a loop (ELOOP), a name too long…
            if os.path.splitext(inner)[1].lower() in FORMATS:
                problem = "a loop of symbolic links: fix or remove the link" if exc.errno == errno.ELOOP \
                    else f"cannot read: {exc.strerror or exc}"
                yield shown, inner, "", problem


def _order(shown: str) -> tuple[tuple[str, ...], str]:
    """Paths in the order a directory walk gives them (``a/b.txt`` before ``a.txt``)."""
    return PurePath(shown).parts, shown


def load_sources(sources: Iterable[Source], options: InputOptions, *, stdin: BinaryIO | None = None,
                 seen_ids: set[str] | None = None) -> Loaded:
    """Every article the sources hold. ``seen_ids`` keeps ids unique across several calls."""
    loaded = Loaded()
    seen = seen_ids if seen_ids is not None else set()
    tables: dict[Path, dict[str, Any]] = {}
    for source in sources:
        data = (stdin if stdin is not None else sys.stdin.buffer).read() if source.stdin else None
        for item in read_source(source, options, data=data, tables=tables):
            if isinstance(item, InputError):
                loaded.errors.append(item)
                continue
            ident = settle_id(item.article.id, item.fallback, seen)
            loaded.articles.append(item.article if ident == item.article.id
                                   else dataclasses.replace(item.article, id=ident))
            if item.ignores:
                loaded.ignores[ident] = list(item.ignores)
    return loaded


def settle_id(wanted: str, fallback: str, seen: set[str] | IdIndex) -> str:
    """The id an article gets, the sources before it having taken the ids in ``seen`` (updated): the
    one it asks for, else its fallback (its path), else the fallback numbered (``FILE#ID~2``)."""
    ident = wanted if wanted not in seen else fallback
    number = 1
    while ident in seen:  # the fallback is taken too (one id three times in a JSON-lines file)
        number += 1
        ident = f"{fallback}~{number}"
    seen.add(ident)
    return ident


@dataclass(frozen=True, slots=True)
class Part:
    """Whole lines of a large JSON-lines file, read apart from the rest (see :mod:`checker.run.work`)."""

    start: int  # byte offsets
    end: int
    first_line: int

    def __reduce__(self):
        return Part, (self.start, self.end, self.first_line)


def read_source(source: Source, options: InputOptions, *, data: bytes | None = None,
                tables: dict[Path, dict[str, Any]] | None = None, part: Part | None = None,
                ) -> Iterator[Read | InputError]:
    """The articles of one source, and its problems, in order. ``data`` is what standard input
    held; ``part`` reads only those lines of a JSON-lines file; ``tables`` caches ``metadata.yaml``."""
    if source.problem is not None:
        yield InputError(source.shown, source.problem)
        return
    tables = tables if tables is not None else {}
    path = source.path  # one Path for the source (the property makes a new one each time)
    offset = part.start if part is not None else 0
    try:
        if data is not None:
            raw = data
        elif part is not None:
            with open(source.file, "rb") as file:  # type: ignore[arg-type]
                file.seek(part.start)
                raw = file.read(part.end - part.start)
        else:
            if _named_format(source, path) != "jsonl":  # a JSON-lines file holds many articles
                size = os.stat(source.file).st_size  # type: ignore[arg-type]
                if size > max_article_bytes():
                    raise ArticleError(_too_large(size))
            raw = path.read_bytes()  # type: ignore[union-attr]
        if data is not None and len(raw) > max_article_bytes() and _named_format(source, path) != "jsonl":
            raise ArticleError(_too_large(len(raw)))
        if part is None and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise ArticleError("UTF-16 text, not UTF-8: save it as UTF-8")
        if part is not None or _named_format(source, path) == "jsonl":  # a bad line costs that line only
            text, problems = _jsonl_text(raw, offset, part.first_line if part is not None else 1)
            yield from (InputError(source.shown, p) for p in problems)
            yield from _read_jsonl(text, source, options, part.first_line if part is not None else 1)
            return
        if part is None and b"\x00" in raw[:8192]:
            raise ArticleError("binary file, not an article")
        text = raw.decode("utf-8-sig" if offset == 0 else "utf-8").replace("\r\n", "\n")
        kind = "jsonl" if part is not None else _format(source, path, text)
        if kind == "jsonl":
            yield from _read_jsonl(text, source, options, part.first_line if part is not None else 1)
            return
        meta: dict[str, Any] = {}
        if kind != "html" and path is not None:
            table = metadata_table(path.parent, tables)
            meta = table.get(path.name) or table.get(path.stem) or {}
            if not isinstance(meta, dict):
                raise ArticleError(f"{METADATA_FILE}: the entry for {path.name} must be a mapping")
        yield from _read_one(text, kind, source, path, meta, options)
    except UnicodeDecodeError as exc:
        yield InputError(source.shown, f"not UTF-8 text (byte {offset + exc.start}): save it as UTF-8")
    except (ArticleError, OSError, YAMLProblem) as exc:
        yield InputError(source.shown, str(exc))


MAX_ARTICLE_BYTES = 10_000_000  # an article larger than this is an error, not checked (README: Limits)


def max_article_bytes() -> int:
    """The largest article checked: :data:`MAX_ARTICLE_BYTES`, or ``CHECKER_MAX_ARTICLE_BYTES``."""
    given = os.environ.get("CHECKER_MAX_ARTICLE_BYTES", "").strip()
    return int(given) if given.isdigit() else MAX_ARTICLE_BYTES


def _too_large(size: int) -> str:
    return (f"{size / 1e6:.1f} MB, larger than an article may be ({max_article_bytes() / 1e6:g} MB): split it "
            f"(or raise CHECKER_MAX_ARTICLE_BYTES)")


def _named_format(source: Source, path: Path | None) -> str | None:
    if path is not None:
        return FORMATS.get(_suffix(path.name).lower())
    name = source.shown if source.shown != STDIN_SHOWN else ""
    return FORMATS.get(Path(name).suffix.lower()) if name else None


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` of a file's name (one component), without making a path of it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _jsonl_text(raw: bytes, offset: int, first_line: int) -> tuple[str, list[str]]:
    """A JSON-lines file's text, with each line that is not UTF-8 blanked (so the others keep their
    numbers), and a problem for each."""
    if offset == 0 and raw.startswith(b"\xef\xbb\xbf"):
        raw, offset = raw[3:], 3
    try:
        return raw.decode("utf-8").replace("\r\n", "\n"), []
    except UnicodeDecodeError:
        pass
    lines, problems, at = [], [], offset
    for number, line in enumerate(raw.split(b"\n"), start=first_line):
        try:
            lines.append(line.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError as exc:
            lines.append("")
            problems.append(f"line {number}: not UTF-8 text (byte {at + exc.start}): save it as UTF-8")
        at += len(line) + 1
    return "\n".join(lines), problems


def _format(source: Source, path: Path | None, text: str) -> str:
    kind = _named_format(source, path)
    if kind is None and source.stdin:
        head = text.lstrip()[:1]
        kind = "html" if head == "<" else "jsonl" if head == "{" else "markdown"
    return kind or "text"


def _read_one(text: str, kind: str, source: Source, path: Path | None, meta: dict[str, Any],
              options: InputOptions) -> Iterator[Read | InputError]:
    ignores, problems, text = directives_in(text, source.shown)
    if kind == "html":
        from checker.articles.html import read_html  # selectolax: only for HTML inputs

        page = read_html(text, options.story_key)
        body, meta = page.text, page.fields
    else:
        body = text
        if FRONT_MATTER_KEY in text:
            fields, _ = split_front_matter(text)
            if FRONT_MATTER_KEY in fields:
                found, trouble = front_matter_ignores(fields[FRONT_MATTER_KEY], source.shown)
                ignores += found
                problems += trouble
    stem = shown_path(path.stem) if path is not None else (
        "stdin" if source.shown == STDIN_SHOWN else Path(source.shown).stem)
    article = build_article(body, source.shown, stem, meta, options.story_key)
    yield from (InputError(source.shown, p) for p in problems)
    yield Read(article, source.shown, tuple(ignores))


def _read_jsonl(text: str, source: Source, options: InputOptions, first_line: int = 1,
                ) -> Iterator[Read | InputError]:
    stem = Path(source.shown).stem if source.shown != STDIN_SHOWN else "stdin"
    lines_of: dict[str, int] = {}  # id -> the line that first gave it
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(source.shown, f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        except RecursionError:
            yield InputError(source.shown, f"line {number}: nested too deeply to be read: an article is an object "
                                           f"of strings")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(source.shown, f"line {number}: write an object with a \"text\" string")
            continue
        if len(record["text"]) > max_article_bytes():
            yield InputError(source.shown, f"line {number}: {_too_large(len(record['text'].encode('utf-8')))}")
            continue
        wrong = _wrong_field(record, (*_JSONL_FIELDS, options.story_key, "id"))
        if wrong is not None:
            yield InputError(source.shown, f"line {number}: {wrong}")
            continue
        given = shown_path(str(record.get("id") or f"{stem}-{number}"))
        shown = f"{source.shown}#{given}"
        if given in lines_of:
            yield InputError(source.shown, f"line {number}: id \"{given}\" is the id of line {lines_of[given]} too: "
                                           f"give each article its own (this one is reported under another)")
        else:
            lines_of[given] = number
        keys = (*_JSONL_FIELDS, options.story_key)
        meta = {k: record[k] for k in keys if record.get(k) is not None}
        try:
            ignores, problems, body = directives_in(record["text"].replace("\r\n", "\n"), shown)
            if record.get(FRONT_MATTER_KEY) is not None:
                found, trouble = front_matter_ignores(record[FRONT_MATTER_KEY], shown)
                ignores, problems = ignores + found, problems + trouble
            article = build_article(body, shown, given, meta, options.story_key, title_first=True)
        except (ArticleError, YAMLProblem) as exc:
            yield InputError(source.shown, f"line {number}: {exc}")
            continue
        yield from (InputError(shown, p) for p in problems)
        yield Read(article, shown, tuple(ignores))


def _wrong_field(record: dict[str, Any], keys: Iterable[str]) -> str | None:
    """What is wrong with a JSON-lines article's fields, if anything: a field that is not text (or a
    number), or text that is not Unicode (a lone half of a UTF-16 surrogate pair, ``"\\ud800"``)."""
    for key in ("text", *keys):
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"\"{key}\" must be a string, not {_json_type(value)}"
        if isinstance(value, str) and _SURROGATE.search(value):
            at = _SURROGATE.search(value).start()  # type: ignore[union-attr]
            return (f"\"{key}\" holds half of a UTF-16 surrogate pair (\\u{ord(value[at]):04x} at character {at}), "
                    f"not a character: write the whole pair or the character itself")
    return None


def _json_type(value: Any) -> str:
    return {bool: "true/false", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def load_inputs(inputs: Iterable[str], options: InputOptions | None = None, *,
                stdin: BinaryIO | None = None) -> Loaded:
    options = options or InputOptions()
    return load_sources(discover(inputs, options), options, stdin=stdin)
