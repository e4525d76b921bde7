"""Read rule packs and validate them, collecting every problem as file:line:col with a hint.

Each file is read with the location of every node (:mod:`checker.rules.yamlspan`) and validated by the
rule-file models (:mod:`checker.rules.models`); pydantic's errors are turned into located problems
with a hint (a close key for a misspelt one, quotes for a YAML ``off`` meant as text). A pack
with problems is *salvaged*: its valid part is kept, so that compiling it still finds the
problems in its patterns, and one bad slot never hides another's.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
import regex

from checker.rules.models import RulePack
from checker.rules.yamlspan import LocatedDocument, Location, RuleSyntaxError, load_located_file

_HINTS = {
    "extra_forbidden": "remove it, or check the spelling",
    "missing": "add it",
    "literal_error": "use one of the allowed values",
    "string_pattern_mismatch": "use lower-case letters, digits and _ only, starting with a letter",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "list_type": "write a list: one '- item' per line, or [a, b]",
    "dict_type": "write a mapping: one 'key: value' per line",
    "model_type": "write a mapping: one 'key: value' per line",
    "model_attributes_type": "write a mapping: one 'key: value' per line",
    "string_type": "write text; quote it if it starts with a special character",
    "int_parsing": "write a whole number",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "greater_than": "use a larger value",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "too_short": "add at least one item",
    "value_error": "see `checker schema rules` for what this key takes",
}
_DEFAULT_HINT = "see `checker schema rules` for what this key takes"
# what a value should be, in words, when it fits no branch of a union ("text or a mapping")
_KINDS = {"string_type": "text", "model_type": "a mapping", "model_attributes_type": "a mapping",
          "dict_type": "a mapping", "list_type": "a list", "bool_type": "true or false",
          "bool_parsing": "true or false",
          "float_type": "a number", "float_parsing": "a number", "int_type": "a whole number"}
# keys whose entries a salvaged pack leaves out one by one: one bad entry leaves the others checked
_BY_ENTRY = ("slots", "overrides", "vocab", "scopes")


@dataclass(frozen=True)
class _Error:
    """A pydantic error on the data path it concerns (union branch names removed)."""

    path: tuple
    kind: str
    message: str
    branch: str | None  # which union branch failed ("str", "PatternSpec"), if any
    context: dict

    @property
    def key_error(self) -> bool:  # the error is about a mapping key, not its value
        return self.kind in ("extra_forbidden", "missing") or self.context.get("key", False)


def _errors(data: Any, exc: pydantic.ValidationError) -> list[_Error]:
    out = []
    for err in exc.errors():
        loc = err["loc"]
        path: tuple = ()
        node, branch, key = data, None, False
        for i, part in enumerate(loc):
            if part == "[key]":
                key = True
            elif isinstance(node, dict) and part in node:
                node = node[part]
                path += (part,)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
                path += (part,)
            elif i == len(loc) - 1 and err["type"] in ("missing", "extra_forbidden"):
                path += (part,)
            elif isinstance(part, str):
                branch = part  # pydantic names the union branch that failed: patterns.0.str
        out.append(_Error(path, err["type"], _plain_message(err["msg"]), branch, {**(err.get("ctx") or {}), "key": key,
                                                                  "input": err.get("input")}))
    return out


def _plain_message(message: str) -> str:
    """pydantic's words, without the names of its classes ("instance of SlotSpec")."""
    message = regex.sub(r"a valid dictionary(?: or instance of \w+)?", "a mapping", message)
    return regex.sub(r" after validation, not \d+$", "", message)


def _prefer_deepest_branch(errors: list[_Error]) -> list[_Error]:
    """Of a value that fits no branch of a union, keep what the branch it came closest to says.

    A mapping written as a pattern fails as text and as ``{pattern: …}``; only the second says what
    is wrong. A number fails every branch at once: those are merged into one "should be text or a
    mapping"."""
    by_path: dict[tuple, list[_Error]] = {}
    for e in errors:
        if e.branch is not None:
            by_path.setdefault(e.path, []).append(e)
    dropped: set[int] = set()
    merged: list[_Error] = []
    for path, at_path in by_path.items():
        deeper = [e for e in errors if e.branch is not None and e.path[:len(path)] == path
                  and (len(e.path) > len(path) or e.key_error)]
        if deeper:
            dropped |= {id(e) for e in at_path if not e.key_error}
        elif len(at_path) > 1 and all(e.kind in _KINDS for e in at_path):
            kinds = list(dict.fromkeys(_KINDS[e.kind] for e in at_path))
            dropped |= {id(e) for e in at_path}
            merged.append(_Error(path, at_path[0].kind, f"Input should be {' or '.join(kinds)}", None,
                                 at_path[0].context))
    return [e for e in errors if id(e) not in dropped] + merged


def _validation_problems(doc: LocatedDocument, exc: pydantic.ValidationError) -> list[RuleSyntaxError]:
    problems = []
    missing: dict[tuple, list[str]] = {}  # mapping path -> the required keys it lacks, in model order
    for e in _prefer_deepest_branch(_errors(doc.data, exc)):
        path, kind = e.path, e.kind
        name = path[-1] if path else ""
        dotted = ".".join(map(str, path)) or "file"
        if kind == "extra_forbidden":
            known = _known_keys(path[:-1])
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(sorted(known))}"
            problems.append(RuleSyntaxError(doc.where(path, key=True), f"unknown key '{name}'", hint))
        elif kind == "missing":
            missing.setdefault(path[:-1], []).append(str(name))
        elif e.context.get("key"):
            problems.append(_name_problem(doc, path))
        else:
            problems.append(RuleSyntaxError(doc.where(path), f"{dotted}: {e.message}", _hint(doc, e)))
    for path, names in missing.items():
        # at the key of the mapping that lacks them ("blasts:"), not at its first child
        listed = ", ".join(f"'{n}'" for n in names)
        problems.append(RuleSyntaxError(doc.where(path, key=True),
                                        f"missing required key{'s' if len(names) > 1 else ''} {listed}",
                                        _HINTS["missing"] if len(names) == 1 else "add them"))
    unique = {str(p): p for p in problems}
    return list(unique.values())


def _name_problem(doc: LocatedDocument, path: tuple) -> RuleSyntaxError:
    where, name = doc.where(path, key=True), path[-1]
    if path[0] == "slots":
        return RuleSyntaxError(where, f"slot name '{name}' must be lower-case letters, digits and _, starting "
                                      "with a letter", f"the slot's id is `pack.name`; rename it, e.g. "
                                                       f"'{regex.sub(r'[^a-z0-9_]+', '_', str(name).lower())}'")
    return RuleSyntaxError(where, f"{path[0]} name '{name}' must be one word of letters, digits and _",
                           f"patterns refer to it as {{name}}, so write it as one word, e.g. "
                           f"'{regex.sub(r'[^A-Za-z0-9_]+', '_', str(name))}'")


def _hint(doc: LocatedDocument, e: _Error) -> str:
    raw = doc.raw.get(e.path)
    if raw is not None and e.kind in ("string_type", "literal_error"):
        # YAML 1.1 reads yes/no/on/off as booleans, 1.0 as a number, 2024-05-01 as a date
        read = e.context.get("input")
        what = str(read).lower() if isinstance(read, bool) else "empty" if read is None \
            else "a number" if isinstance(read, (int, float)) else "a date"
        return f"YAML reads `{raw}` as {what}, not as text; put it in quotes: '{raw}'"
    if e.kind == "literal_error":
        allowed = regex.findall(r"'([^']*)'", str(e.context.get("expected", "")))
        close = difflib.get_close_matches(str(e.context.get("input", "")).lower(), allowed, n=1, cutoff=0.7)
        if close:
            return f"did you mean '{close[0]}'?"
    return _HINTS.get(e.kind, _DEFAULT_HINT)


def _model_at(path: tuple) -> type[pydantic.BaseModel] | None:
    """The rule-file model that describes the mapping at ``path`` (a slot, an example, ...)."""
    current: Any = RulePack
    for part in path:
        model = _as_model(current)
        if model is not None and isinstance(part, str) and part in model.model_fields:
            current = model.model_fields[part].annotation
            continue
        current = _item_type(current)
        if current is None:
            return None
    return _as_model(current)


def _members(annotation: Any) -> tuple:
    return typing.get_args(annotation) if isinstance(annotation, types.UnionType) \
        or typing.get_origin(annotation) is typing.Union else (annotation,)


def _as_model(annotation: Any) -> type[pydantic.BaseModel] | None:
    return next((m for m in _members(annotation) if isinstance(m, type) and issubclass(m, pydantic.BaseModel)), None)


def _item_type(annotation: Any) -> Any:
    """The type of an entry of a list or mapping annotation (through Optional and Annotated)."""
    for member in _members(annotation):
        while typing.get_origin(member) is typing.Annotated:
            member = typing.get_args(member)[0]
        if typing.get_origin(member) in (list, dict):
            item = typing.get_args(member)[-1]
            while typing.get_origin(item) is typing.Annotated:
                item = typing.get_args(item)[0]
            return item
    return None


def _known_keys(path: tuple) -> list[str]:
    model = _model_at(path)
    return list(model.model_fields) if model else []


@dataclass(frozen=True)
class LoadedPack:
    pack: RulePack
    doc: LocatedDocument
    valid: bool = True  # False: salvaged from a pack with problems, compiled only to find more
    broken: dict[tuple, Any] = field(default_factory=dict)  # key path -> raw data left out of ``pack``


def _salvage(doc: LocatedDocument, errors: list[_Error]) -> LoadedPack | None:
    """The valid part of a pack that failed validation, so that its patterns are still checked.

    A slot, override, vocab list or scope with a problem is left out (its raw data is kept in
    ``broken``, for checking the patterns it holds); any other key with a problem is left out whole."""
    data = dict(doc.data)
    broken: dict[tuple, Any] = {}
    for e in errors:
        if not e.path:
            continue
        top = e.path[0]
        if top in _BY_ENTRY and len(e.path) >= 2 and isinstance(data.get(top), dict):
            entries = dict(data[top])
            if e.path[1] in entries:
                broken[e.path[:2]] = entries.pop(e.path[1])
            data[top] = entries
        elif top in data:
            broken[(top,)] = data.pop(top)
    vocab = data.get("vocab")
    if isinstance(vocab, dict):  # a broken list's name stays known, so patterns using it are not blamed
        for (top, *rest), words in list(broken.items()):
            if top == "vocab" and rest and isinstance(rest[0], str) and rest[0].isidentifier():
                kept = [w for w in words if isinstance(w, str) and w.strip()] if isinstance(words, list) else []
                vocab[rest[0]] = kept or ["\u0000"]
    pack_id = data.get("pack")
    data["pack"] = "x"
    try:
        pack = RulePack.model_validate(data)
    except pydantic.ValidationError:
        return None
    pack = pack.model_copy(update={"pack": pack_id if isinstance(pack_id, str) and (("pack",) not in broken)
                                   else f"<{doc.path}>"})
    return LoadedPack(pack, doc, valid=False, broken=broken)


def read_packs(files: list[Path]) -> tuple[list[LoadedPack], list[RuleSyntaxError], bool]:
    """Every pack that could be read (salvaged when invalid), every problem, and whether every file
    could be read at all (when one could not, names it may define are unknown)."""
    problems: list[RuleSyntaxError] = []
    packs: list[LoadedPack] = []
    complete = True
    for path in files:
        try:
            doc = load_located_file(path)
        except RuleSyntaxError as exc:
            problems.append(exc)
            complete = False
            continue
        except OSError as exc:
            problems.append(RuleSyntaxError(Location(str(path), 1, 1), f"cannot read rule file: {exc.strerror}"))
            complete = False
            continue
        except UnicodeDecodeError as exc:
            problems.append(RuleSyntaxError(Location(str(path), 1, 1),
                                            f"cannot read rule file: not UTF-8 ({exc.reason})",
                                            "save the file as UTF-8"))
            complete = False
            continue
        problems += doc.problems
        if not isinstance(doc.data, dict):
            problems.append(RuleSyntaxError(doc.where(()), "a rule file must be a mapping with 'pack:' and 'slots:'",
                                            "start from `checker rules new NAME`"))
            complete = False
            continue
        try:
            packs.append(LoadedPack(RulePack.model_validate(doc.data), doc, valid=not doc.problems))
        except pydantic.ValidationError as exc:
            problems += _validation_problems(doc, exc)
            salvaged = _salvage(doc, _errors(doc.data, exc))
            if salvaged is None:
                complete = False
            else:
                packs.append(salvaged)
    return packs, problems, complete
