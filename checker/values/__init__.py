"""Value types: one module each, registered here by the name rule files use.

Each module holds a type's parser and its comparison; may import :mod:`checker.lexicon` and
:mod:`checker.model` only (the rule book's lexicons are a type hint, not an import).
"""

from checker.values.base import BaseType, Conflict, ParseContext, ValueType
from checker.values.clock import TimeType
from checker.values.count import CountType
from checker.values.date import DateType
from checker.values.headcount import HeadcountType
from checker.values.name import NameType
from checker.values.place import PlaceType
from checker.values.quantity import QuantityType
from checker.values.quote import QuoteType

TYPES: dict[str, ValueType] = {
    "count": CountType(),
    "headcount": HeadcountType(),
    "quantity": QuantityType(),
    "place": PlaceType(),
    "date": DateType(),
    "time": TimeType(),
    "quote": QuoteType(),
    "name": NameType(),
}

__all__ = ["TYPES", "BaseType", "Conflict", "ParseContext", "ValueType"]
