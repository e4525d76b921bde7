"""The JSON report, written piece by piece: the JSON of ``json.dumps(records, ensure_ascii=False,
indent=2)``, without building the whole text in memory (on a large corpus it is several times the
size of the records).

A record (an article with its facts, a discrepancy with its claims) is encoded by orjson, in C,
three to five times faster than the join-per-container encoder below, which the standard library's
own indented encoder is half as fast as; on a corpus, encoding was a tenth of a one-core run. The
bytes are the standard library's, but for how a float is spelled at the extremes (orjson writes
``1e-7`` and ``0.000025`` where ``json`` writes ``1e-07`` and ``2.5e-05``, and a NaN or an
infinity as null, where ``json`` writes NaN, which is not JSON; the report's numbers are counts
and measurements, so in practice never). What orjson refuses (keys that are not strings,
integers beyond 64 bits, lone surrogates, lazy sequences) goes to the hand-written encoder.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import Any

try:  # a dependency; the hand-written encoder covers a broken install
    import orjson
except ImportError:  # pragma: no cover
    orjson = None

_CONSTANTS = {None: "null", True: "true", False: "false"}
ITEM_PAD = "\n    "  # where the items of the report's top-level lists (articles, discrepancies) start
_DUMPS = getattr(orjson, "dumps", None)
_INDENT = getattr(orjson, "OPT_INDENT_2", 0)


class Encoded(Sequence):
    """A list of records that arrives encoded already, as :func:`encode` writes it with ``pad`` (by
    the process that made the records, so that the one writing the report only copies the text).
    Read as a sequence, it is the records."""

    __slots__ = ("text", "pad", "_records")

    def __init__(self, text: str, pad: str) -> None:
        self.text, self.pad = text, pad
        self._records: list[Any] | None = None

    def _decoded(self) -> list[Any]:
        if self._records is None:
            self._records = json.loads(self.text)
        return self._records

    def __len__(self) -> int:
        return len(self._decoded())

    def __getitem__(self, index):  # type: ignore[override]
        return self._decoded()[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def encode(value: Any, pad: str = "\n") -> str:
    """``value`` as indented JSON, its nested lines starting with ``pad`` (a newline and spaces)."""
    kind = type(value)
    if (kind is dict or kind is list) and _DUMPS is not None and value:
        try:
            text = _DUMPS(value, option=_INDENT).decode()
        except TypeError:  # orjson.JSONEncodeError is one: see the module's doc for what it refuses
            pass
        else:  # a JSON string holds no raw newline: every newline here starts a line
            return text if pad == "\n" else text.replace("\n", pad)
    if kind is str:
        return encode_basestring(value)
    if kind is Encoded:
        return value.text if value.pad == pad else encode(list(value), pad)
    if value is None or value is True or value is False:
        return _CONSTANTS[value]
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        pieces = []
        for key, item in value.items():
            if type(key) is not str:
                break
            # strings and numbers inline: most values are, and a call per value is most of the cost
            of = type(item)
            pieces.append(encode_basestring(key) + ": " + (
                encode_basestring(item) if of is str else int.__repr__(item) if of is int
                else _CONSTANTS[item] if item is None or item is True or item is False else encode(item, inner)))
        else:
            return "{" + inner + ("," + inner).join(pieces) + pad + "}"
    elif kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + inner + ("," + inner).join(
            encode_basestring(item) if type(item) is str else encode(item, inner) for item in value) + pad + "]"
    elif kind is float:
        return _float(value)
    # anything else (int and str subclasses, keys that are not strings): as the standard library does it
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", pad)


def write_json(records: dict[str, Any], write: Callable[[str], Any]) -> None:
    """Write ``records`` and a final newline; lists at the top level (or lazy sequences of records,
    see :class:`checker.report.records.Lazy`) go one item at a time."""
    if not records:
        write("{}\n")
        return
    write("{")
    for index, (key, value) in enumerate(records.items()):
        write(("," if index else "") + "\n  " + encode_basestring(key) + ": ")
        if isinstance(value, Sequence) and not isinstance(value, (str, tuple)) and len(value):
            write("[")
            encoded = getattr(value, "encoded_item", None)  # items encoded where they were made
            if encoded is not None:
                for position in range(len(value)):
                    text = encoded(position)
                    if text is None or isinstance(text, str):
                        write(("," if position else "") + ITEM_PAD + (text if text is not None else
                                                                       encode(value[position], ITEM_PAD)))
                        continue
                    write(("," if position else "") + ITEM_PAD)  # a record too large to hold: in pieces
                    for piece in text:
                        write(piece)
            else:
                for position, item in enumerate(value):
                    write(("," if position else "") + ITEM_PAD + encode(item, ITEM_PAD))
            write("\n  ]")
        elif isinstance(value, Sequence) and not isinstance(value, (str, tuple)):
            write("[]")
        else:
            write(encode(value, "\n  "))
    write("\n}\n")
