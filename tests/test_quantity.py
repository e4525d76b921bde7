"""checker.values.quantity: numbers with units, compared in one base unit per dimension."""

from __future__ import annotations

import json

import pytest

from checker.values.quantity import QuantityType, parse_quantity

TOL = 0.1


def q(text: str):
    value = parse_quantity(text, TOL)
    assert value is not None, text
    return value


@pytest.mark.parametrize("text, low, high, unit, dimension, base", [
    ("1.6 miles", 1.6, 1.6, "mi", "length", 2574.9504),
    ("2.6 km", 2.6, 2.6, "km", "length", 2600.0),
    ("12-metre", 12.0, 12.0, "m", "length", 12.0),
    ("three miles", 3.0, 3.0, "mi", "length", 4828.032),
    ("5,000 tonnes", 5000.0, 5000.0, "t", "mass", 5_000_000.0),
    ("magnitude 6.1", 6.1, 6.1, "magnitude", "magnitude", 6.1),
    ("magnitude of 6.4", 6.4, 6.4, "magnitude", "magnitude", 6.4),
    ("104 F", 104.0, 104.0, "°F", "temperature", 40.0),
    ("-5 °C", -5.0, -5.0, "°C", "temperature", -5.0),
    ("30 mph", 30.0, 30.0, "mph", "speed", 13.4112),
    ("10%", 10.0, 10.0, "%", "percent", 10.0),
    ("6.8 on the Richter scale", 6.8, 6.8, "magnitude", "magnitude", 6.8),
    ("magnitude-7.1", 7.1, 7.1, "magnitude", "magnitude", 7.1),
    ("12,000 hectares", 12_000.0, 12_000.0, "ha", "area", 120_000_000.0),
    ("40 square kilometres", 40.0, 40.0, "km²", "area", 40_000_000.0),
    ("30,000 acres", 30_000.0, 30_000.0, "ac", "area", 121_405_692.672),
], ids=str)
def test_parse(text, low, high, unit, dimension, base):
    value = q(text)
    assert (value.low, value.high, value.unit, value.dimension) == (low, high, unit, dimension)
    assert value.base_low == pytest.approx(base)


def test_qualifiers_widen():
    about = q("about 300 km")
    assert (about.low, about.high) == (270.0, 330.0)
    assert about.base_low == 270_000.0
    more = q("more than 5 km")  # open above, as for counts
    assert (more.low, more.high) == (5.0, float("inf"))
    assert (q("up to 10 kg").low, q("up to 10 kg").high) == (0.0, 10.0)
    assert q("less than -5 °C").low == float("-inf")  # a scale with no zero
    assert q("about 20 km").display() == "about 20 km"
    assert q("more than 30,000 acres").display() == "more than 30000 ac"


@pytest.mark.parametrize("text", ["five people", "km", "300", ""])
def test_not_quantities(text):
    assert parse_quantity(text, TOL) is None


def test_per_cent_is_one_unit():
    assert q("30 per cent").unit == "%"
    assert parse_quantity("30 per", TOL) is None


def test_display_and_json():
    assert q("1.6 miles").display() == "1.6 mi"
    assert q("magnitude 6.1").display() == "magnitude 6.1"
    assert q("1.6 miles").to_json() == {"type": "quantity", "low": 1.6, "high": 1.6, "unit": "mi"}


def test_open_bounds_serialise_as_json():
    json.dumps(q("up to 10 kg").to_json(), allow_nan=False)


def conflict(a: str, b: str, book, make_fact):
    return QuantityType().conflict(make_fact(q(a), article="a"), make_fact(q(b), article="b"), book.lexicons)


@pytest.mark.parametrize("a, b", [
    ("1.6 miles", "2.6 km"),  # a conversion, rounded
    ("40 °C", "104 F"),
    ("magnitude 6.1", "magnitude 6.1"),
    ("about 300 km", "320 km"),
    ("10 km", "10 kg"),  # different dimensions are never compared
    ("12,000 hectares", "30,000 acres"),  # 12,141 ha
    ("10 km", "6.2 miles"),
    ("0 °C", "32 F"),
    ("-1 °C", "30 F"),  # near zero: half a degree of rounding, not a relative share of nothing
    ("more than 5 km", "40 km"),
    ("up to 10 kg", "8 kg"),
], ids=str)
def test_quantities_that_agree(book, make_fact, a, b):
    assert conflict(a, b, book, make_fact) is None


@pytest.mark.parametrize("a, b, message", [
    ("1.6 miles", "5 km", "1.6 mi vs 5 km"),
    ("magnitude 6.1", "magnitude 6.4", "magnitude 6.1 vs magnitude 6.4"),
    ("40 °C", "50 °C", "40 °C vs 50 °C"),
    ("magnitude 7.8", "magnitude 7.7", "magnitude 7.8 vs magnitude 7.7"),
    ("up to 10 kg", "50 kg", "up to 10 kg vs 50 kg"),  # an open bound is no licence for any figure
    ("12,000 hectares", "20,000 hectares", "12000 ha vs 20000 ha"),
    ("-5 °C", "2 °C", "-5 °C vs 2 °C"),
], ids=str)
def test_quantities_that_conflict(book, make_fact, a, b, message):
    found = conflict(a, b, book, make_fact)
    assert (found.kind, found.message) == ("quantity", message)


def test_key_groups_equal_amounts_in_different_units():
    kind = QuantityType()
    assert kind.key(q("1 km")) == kind.key(q("1000 m"))
    assert kind.key(q("1 km")) != kind.key(q("1 mi"))


def test_quantity_tolerance_comes_from_the_settings(book, make_fact):
    import dataclasses

    loose = dataclasses.replace(book.lexicons,
                                settings=dataclasses.replace(book.lexicons.settings, quantity_tolerance=0.2))
    a, b = make_fact(q("10 km"), article="a"), make_fact(q("11.5 km"), article="b")
    assert QuantityType().conflict(a, b, book.lexicons).kind == "quantity"
    assert QuantityType().conflict(a, b, loose) is None
