"""Load articles: text, metadata, sentences and a line index.

Inputs are plain text or Markdown with YAML front matter (``story``,
``published``, ``outlet``, ``title``, ``url``). A ``metadata.yaml`` beside the
articles may give the same fields per file name, for texts that carry none.
Front matter is blanked, not cut, so offsets stay file offsets and every line
and column reported is the file's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from checker.model import Article, InputError, Sentence
from checker.yamlsafe import AliasBomb, bounded_loader

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")
METADATA_FILE = "metadata.yaml"
_FIELDS = ("story", "published", "outlet", "title", "url")

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "st", "sen", "rep",
                  "gov", "prof", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
                  "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "est", "rev", "adm"}
# a full stop (?, !, …) with its closing quotes, then spaces and a capital or digit: group 1 the
# letters and dots before it ("Mr", "U.S"), to tell an abbreviation; boundaries never cross a line
_BOUNDARY = regex.compile(r"(?<=([\p{L}.]*))([.!?…]+[\"”’»)\]]*)[^\S\n]+(?=[\"“‘«(\[]?[\p{Lu}\d])")
# "U.S.", "U.N.": dotted initials rarely end a sentence; "a.m." and "p.m." often do
_INITIALISM = regex.compile(r"(?!a\.m$|p\.m$)\p{L}(?:\.\p{L})+")
_TRAILING_WORD = regex.compile(r"\p{L}+$")
_LETTER = regex.compile(r"\p{L}")
_OPEN_PUNCTUATION = frozenset(",;:-–—")  # a line ending in one goes on
# words a sentence does not end in: articles, prepositions, conjunctions, possessives, auxiliaries
_OPEN_WORDS = frozenset("""a an the of in on at by for from to with into onto upon and or but nor as than that
    which whose who whom their his her its our your my were was had have has been be being is are will would
    could should may might about after before near over under between among during against without
    including""".split())
_FRONT_END = regex.compile(r"^(?:---|\.\.\.)\s*$", regex.MULTILINE)
_NOT_NEWLINE = regex.compile(r"[^\n]")


class ArticleError(Exception):
    pass


@dataclass(frozen=True)
class Metadata:
    story: str = "default"
    published: dt.date | None = None
    published_at: dt.datetime | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


def iter_article_paths(inputs: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """(display path, file, problem) for every input; directories are walked in sorted order."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            for p in found:
                shown = str(p) if given.endswith("/") is False else str(p)
                yield shown, p, None
        elif path.is_file():
            yield given, path, None
        else:
            yield given, None, "no such file or directory"


class YAMLProblem(ValueError):
    """Text that is not valid YAML (PyYAML's message; PyYAML is imported only when there is YAML to read)."""


def _load_yaml(text: str) -> Any:
    """yaml.safe_load, sped up by libyaml; on any failure the pure-Python loader runs, so errors read the same."""
    import yaml

    fast, safe = _loaders()
    try:
        if fast is not None:
            try:
                return yaml.load(text, Loader=fast)  # noqa: S506 - a bounded CSafeLoader, the safe loader
            except AliasBomb:
                raise
            except Exception:  # noqa: BLE001 - answered below by the reference loader
                pass
        try:
            return yaml.load(text, Loader=safe)  # noqa: S506 - a bounded SafeLoader
        except yaml.YAMLError as exc:
            raise YAMLProblem(str(exc)) from None
    except AliasBomb as exc:
        raise YAMLProblem(f"line {exc.line}, column {exc.column}: {exc}") from None


_LOADERS: list[tuple[type | None, type]] = []


def _loaders() -> tuple[type | None, type]:
    """The safe loaders, bounded (:mod:`checker.yamlsafe`): libyaml's when it is there, and PyYAML's."""
    if not _LOADERS:
        import yaml

        fast = getattr(yaml, "CSafeLoader", None)
        _LOADERS.append((bounded_loader(fast) if fast is not None else None, bounded_loader(yaml.SafeLoader)))
    return _LOADERS[0]


TABLES_KEPT = 8  # metadata.yaml tables kept read: files come in path order, a directory at a time


def metadata_table(directory: Path, cache: dict[Path, dict[str, Any]]) -> dict[str, Any]:
    """The entries of ``directory``'s metadata.yaml, read once while ``cache`` keeps it (the last
    few directories: a corpus of many directories does not keep every table)."""
    if directory not in cache:
        while len(cache) >= TABLES_KEPT:
            del cache[next(iter(cache))]  # the directory read longest ago
        table: dict[str, Any] = {}
        file = directory / METADATA_FILE
        if file.is_file():
            try:
                data = _load_yaml(file.read_text(encoding="utf-8")) or {}
            except ValueError as exc:  # YAMLProblem, or a date like 2024-13-45
                raise ArticleError(f"{file}: not valid YAML: {' '.join(str(exc).split())}") from None
            if isinstance(data, dict):
                table = data.get("articles", data) or {}
            if not isinstance(table, dict):
                raise ArticleError(f"{file}: 'articles' must map file names to their fields")
        cache[directory] = table
    return cache[directory]


def _as_date(value: Any) -> tuple[dt.date | None, dt.datetime | None]:
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), value
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ArticleError(f"'published' must be an ISO date (2024-05-01 or 2024-05-01T14:30Z), got {text!r}")
    return stamp.date(), (stamp if "T" in text or " " in text else None)


def _check_text(key: str, value: Any) -> None:
    """A field read as text must be written as text: YAML reads ``story: yes`` as true and
    ``story: [a, b]`` as a list, which would become the story "True" or "['a', 'b']"."""
    if value is None or isinstance(value, str) or (isinstance(value, (int, float, dt.date)) and
                                                   not isinstance(value, bool)):
        return
    what = "true/false" if isinstance(value, bool) else "a list" if isinstance(value, list) else \
        "a mapping" if isinstance(value, dict) else type(value).__name__
    raise ArticleError(f"'{key}' must be text, not {what}: write it in quotes ({key}: \"…\")")


def _metadata(fields: dict[str, Any], story_key: str = "story") -> Metadata:
    unknown = set(fields) - set(_FIELDS)
    published, published_at = _as_date(fields.get("published"))
    del unknown  # other keys (tags, authors…) are the newsroom's own and are kept out of the report
    for key in {story_key, "outlet", "title", "url"}:
        _check_text(key, fields.get(key))
    kept = {k: (str(v) if v is not None else None) for k, v in fields.items() if k in ("outlet", "title", "url")}
    return Metadata(story=str(fields.get(story_key) or "default"), published=published, published_at=published_at,
                    **kept)


# a one-line title in front matter: ``title: Fire at the harbour`` (quoted or not)
_TITLE_LINE = regex.compile(r"^title[ \t]*:[ \t]*(?P<value>[^\n]*?)[ \t]*$", regex.MULTILINE)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter as a dict, and the text with it blanked (newlines kept)."""
    if not text.startswith("---"):
        return {}, text
    end = _FRONT_END.search(text[3:])
    if not end:
        return {}, text
    block = text[3: 3 + end.start()]
    try:
        fields = _load_yaml(block) or {}
    except ValueError as exc:  # YAMLProblem, or a date like 2024-13-45
        raise ArticleError(f"front matter is not valid YAML: {exc}") from None
    if not isinstance(fields, dict):
        raise ArticleError("front matter must be a mapping of keys to values")
    stop = 3 + end.end()
    blanked = _NOT_NEWLINE.sub(" ", text[:stop]) + text[stop:]
    return fields, blanked


def split_sentences(text: str, headline_first: bool) -> tuple[Sentence, ...]:
    """Sentences with paragraph numbers. Blank lines separate paragraphs; a line break ends a
    sentence unless it falls inside one (hard-wrapped prose, see :func:`_continues`)."""
    sentences: list[Sentence] = []
    # every full stop that ends a sentence, found in one pass: (where the sentence ends, where the next starts)
    cuts = [(m.end(2), m.end()) for m in _BOUNDARY.finditer(text)
            if not _keeps_going(m.group(1)) or _ends_after_all(m.group(1), text, m.end())]
    cut = 0
    paragraph = -1
    blank = True  # a blank line (or the start) since the last line with text: a new paragraph
    at, size = 0, len(text)
    while at < size:  # line by line, by hand: twice as fast as a regex over the lines
        newline = text.find("\n", at)
        if newline < 0:
            newline = size
        line = text[at:newline]
        content = line.strip()
        if not content:
            blank = True
            at = newline + 1
            continue
        start = at + len(line) - len(line.lstrip())
        end = start + len(content)
        at = newline + 1
        if blank:
            paragraph += 1
            blank = False
        elif sentences and _continues(text, sentences[-1], start):
            start = sentences.pop().start
        while cut < len(cuts) and cuts[cut][0] <= start:
            cut += 1
        while cut < len(cuts) and cuts[cut][1] < end:
            stop, next_start = cuts[cut]
            sentences.append(Sentence(start, stop, paragraph, headline_first and not sentences))
            start = next_start
            cut += 1
        sentences.append(Sentence(start, end, paragraph, headline_first and not sentences))
    return tuple(sentences)


def _keeps_going(word: str) -> bool:
    """Is the word before a full stop one that does not end a sentence (Mr., St., U.S., J.)?"""
    token = word.lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or bool(_INITIALISM.fullmatch(token))


# abbreviations that also end sentences ("… in the 100 block of Elm St. He was …"): they do when a word
# that opens sentences, never a name, follows
_MAY_END = frozenset({"st", "jr", "sr", "inc", "ltd", "co", "corp", "etc"})
_OPENER = regex.compile(r"(?:He|She|It|They|We|The|This|That|These|Those|His|Her|Their|Its|There|Police|Officers"
                        r"|Authorities)\b")


def _ends_after_all(word: str, text: str, next_start: int) -> bool:
    return word.lower().rstrip(".") in _MAY_END and _OPENER.match(text, next_start) is not None


def _continues(text: str, sentence: Sentence, next_line: int) -> bool:
    """Does the line break after ``sentence`` fall inside it? Only when the line ends mid-sentence
    (in a lower-case word or a comma, dash…), and then: when the sentence so far is long (prose
    wrapped at 60-80 columns), when the next line starts in lower case (no sentence does), or when
    the line ends in a comma, dash… or a word no sentence ends in ("the", "of", "their": prose
    wrapped at 40 columns). A short line ending in a word ("Bridge falls in Eastport") stays a
    sentence of its own: a headline, a dateline, a list item."""
    last = text[sentence.end - 1]
    if last in _OPEN_PUNCTUATION:  # but not a rule of dashes ("---")
        return last in ",;:" or _LETTER.search(text, sentence.start, sentence.end) is not None
    if not last.islower():
        return False
    if sentence.end - sentence.start > 60 or text[next_line].islower():
        return True
    word = _TRAILING_WORD.search(text, sentence.start, sentence.end)
    return word is not None and word.group().lower() in _OPEN_WORDS


def _title_in_front_matter(text: str, blanked: str, title: str) -> tuple[str, bool]:
    """``blanked`` with the front matter's title shown again where it is written (the rest of the
    front matter stays blank), so that the headline is read at its own line and column."""
    wanted = " ".join(title.split())
    closing = text.find("\n---", 3)  # the front matter's end (split_front_matter found it)
    for m in _TITLE_LINE.finditer(text, 0, max(closing, 0)):
        value = m.group("value")
        start = m.start("value")
        if value[:1] in "\"'" and value[-1:] == value[:1]:
            value, start = value[1:-1], start + 1
        if " ".join(value.split()) == wanted:
            return blanked[:start] + value + blanked[start + len(value):], True
    return blanked, False


def line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return tuple(starts)


def article_id(path: Path) -> str:
    return path.stem


def build_article(text: str, path: str, article_id_: str, metadata: dict[str, Any],
                  story_key: str = "story", *, title_first: bool = False) -> Article:
    """``story_key`` names the front-matter (or metadata) field that says which story an article
    belongs to. The headline is read for facts like the body: a front-matter ``title`` the body does
    not open with is read where it is written (its line in the front matter), and with
    ``title_first`` (a JSON-lines record, whose text has no lines of a file) a ``title`` is put
    before the text, as its first line."""
    fields, body = split_front_matter(text)
    meta = _metadata({**metadata, **fields}, story_key)
    first_line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    title_read = False
    # a body that opens with a headline of its own (a first line without a closing full stop) keeps it
    body_opens_with_sentence = not first_line or first_line.endswith((".", "”", "\""))
    if meta.title and body_opens_with_sentence and " ".join(meta.title.split()) != " ".join(first_line.split()):
        if "title" in fields:
            body, title_read = _title_in_front_matter(text, body, meta.title)
        elif title_first:
            body, title_read = " ".join(meta.title.split()) + "\n\n" + body, True
        if title_read:
            first_line = " ".join(meta.title.split())
    # plain-text news files open with the headline: a first line with no closing full stop
    headline_first = bool(first_line) and not first_line.endswith((".", "”", "\"")) or bool(meta.title)
    sentences = split_sentences(body, headline_first=headline_first and (title_read or not meta.title))
    return Article(id=article_id_, path=path, text=body, story=meta.story, published=meta.published,
                   published_at=meta.published_at, outlet=meta.outlet, title=meta.title or first_line or None,
                   url=meta.url, sentences=sentences, line_starts=line_starts(body))


def load_articles(inputs: list[str]) -> tuple[list[Article], list[InputError]]:
    """Every readable article, and an error for each input that could not be read."""
    articles: list[Article] = []
    errors: list[InputError] = []
    metadata_cache: dict[Path, dict[str, Any]] = {}
    seen: set[str] = set()
    for shown, path, problem in iter_article_paths(inputs):
        if path is None:
            errors.append(InputError(shown, problem or "cannot read"))
            continue
        try:
            raw = path.read_bytes()
            if b"\x00" in raw[:8192]:
                raise ArticleError("binary file, not an article")
            text = raw.decode("utf-8-sig")
            table = metadata_table(path.parent, metadata_cache)
            meta = table.get(path.name) or table.get(path.stem) or {}
            if not isinstance(meta, dict):
                raise ArticleError(f"{METADATA_FILE}: the entry for {path.name} must be a mapping of fields")
            ident = article_id(path)
            if ident in seen:
                ident = shown
            seen.add(ident)
            articles.append(build_article(text.replace("\r\n", "\n"), shown, ident, meta))
        except UnicodeDecodeError as exc:
            errors.append(InputError(shown, f"not UTF-8 text (byte {exc.start}): save it as UTF-8"))
        except (ArticleError, OSError, YAMLProblem) as exc:
            errors.append(InputError(shown, str(exc)))
    return articles, errors

