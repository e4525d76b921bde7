"""checker.values.count: counts as intervals with the qualifier that made them."""

from __future__ import annotations

import regex
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.values.count import COUNT_PATTERN, QUALIFIERS, Count, apply_qualifier, number_value, parse_count

COUNT_RE = regex.compile(COUNT_PATTERN, regex.IGNORECASE)

# ---- a small number-to-words writer, independent of the parser under test -----------

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen").split()
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _under_100(n: int, hyphen: str) -> str:
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (hyphen + ONES[ones] if ones else "")


def _under_1000(n: int, hyphen: str, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _under_100(rest, hyphen)
    head = f"{ONES[hundreds]} hundred"
    return head if not rest else f"{head} {'and ' if use_and else ''}{_under_100(rest, hyphen)}"


def to_words(n: int, hyphen: str = "-", use_and: bool = False) -> str:
    """English words for 0 <= n <= 1,000,000 ("one hundred and five", "twenty-five thousand")."""
    if n == 1_000_000:
        return "one million"
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _under_1000(rest, hyphen, use_and)
    head = f"{_under_1000(thousands, hyphen, use_and)} thousand"
    if not rest:
        return head
    return head + (" and " if use_and and rest < 100 else " ") + _under_1000(rest, hyphen, use_and)


def test_words_helper():
    assert to_words(0) == "zero"
    assert to_words(25) == "twenty-five"
    assert to_words(105, use_and=True) == "one hundred and five"
    assert to_words(21_042, hyphen=" ") == "twenty one thousand forty two"
    assert to_words(999_999) == "nine hundred ninety-nine thousand nine hundred ninety-nine"


# ---- parsing ---------------------------------------------------------------------------


def c(low, high, qualifier=None) -> Count:
    return Count(low, high, qualifier)


@pytest.mark.parametrize("text, expected", [
    ("4", c(4, 4)),
    ("1200", c(1200, 1200)),
    ("1,200", c(1200, 1200)),
    ("12,345,678", c(12_345_678, 12_345_678)),
    ("2.5 million", c(2_500_000, 2_500_000)),
    ("0", c(0, 0)),
], ids=str)
def test_digits_and_separators(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text, value", [
    ("six", 6), ("Six", 6), ("eleven", 11), ("seventy", 70), ("twenty-five", 25), ("twenty five", 25),
    ("ninety-nine", 99), ("one hundred and five", 105), ("one hundred five", 105), ("a hundred", 100),
    ("a thousand", 1000), ("one thousand and one", 1001), ("twelve hundred", 1200), ("one million", 1_000_000),
    ("a million", 1_000_000), ("a dozen", 12),
], ids=str)
def test_number_words(text, value):
    assert parse_count(text) == c(value, value)


@pytest.mark.parametrize("text, expected", [
    ("at least 60", c(60, None, "at least")),
    ("At Least six", c(6, None, "at least")),
    ("no fewer than 5", c(5, None, "no fewer than")),
    ("more than 60", c(61, None, "more than")),
    ("over 1,000", c(1001, None, "over")),
    ("about 300", c(270, 330, "about")),
    ("around 40", c(36, 44, "around")),
    ("some 200", c(180, 220, "some")),
    ("nearly 300", c(270, 299, "nearly")),
    ("almost 10", c(9, 9, "almost")),
    ("up to 50", c(0, 50, "up to")),
    ("as many as 50", c(0, 50, "as many as")),
    ("fewer than 10", c(0, 9, "fewer than")),
    ("less than 10", c(0, 9, "less than")),
    ("at least a dozen", c(12, None, "at least")),
], ids=str)
def test_qualifiers(text, expected):
    assert parse_count(text) == expected


def test_approximate_tolerance_comes_from_the_caller():
    assert parse_count("about 300", tolerance=0.2) == c(240, 360, "about")
    assert parse_count("about 3") == c(2, 4, "about")  # at least one either side


@pytest.mark.parametrize("text, expected", [
    ("between 100 and 300", c(100, 300)),
    ("100-300", c(100, 300)),
    ("100 – 300", c(100, 300)),
    ("100 to 300", c(100, 300)),
    ("two to five", c(2, 5)),
    ("five or six", c(5, 6)),
], ids=str)
def test_ranges(text, expected):
    assert parse_count(text) == expected


def test_a_falling_range_is_not_a_count():
    assert parse_count("ten to two") is None


@pytest.mark.parametrize("text, expected", [
    ("dozens", c(24, 199, "dozens")),
    ("dozens of", c(24, 199, "dozens")),
    ("scores", c(40, 199, "scores")),
    ("hundreds", c(200, 1999, "hundreds")),
    ("thousands of", c(2000, 19_999, "thousands")),
    ("several", c(3, 10, "several")),
    ("a few", c(2, 6, "a few")),
    ("a couple of", c(2, 3, "a couple")),
], ids=str)
def test_vague_words(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "hello", "people", "at least", "2020s"])
def test_non_counts(text):
    assert parse_count(text) is None


def test_number_value():
    assert number_value("1,200") == 1200
    assert number_value("twenty-five") == 25
    assert number_value("2.5 million") == 2_500_000
    assert number_value("") is None
    assert number_value("people") is None


@pytest.mark.parametrize("count, shown", [
    (c(4, 4), "4"), (c(6, None, "at least"), "at least 6"), (c(61, None, "more than"), "more than 60"),
    (c(270, 299, "nearly"), "nearly 300"), (c(0, 50, "up to"), "up to 50"), (c(270, 330, "about"), "about 300"),
    (c(24, 199, "dozens"), "dozens"), (c(100, 300), "100-300"), (c(0, 9, "fewer than"), "fewer than 10"),
])
def test_display_gives_the_figure_as_written(count, shown):
    assert count.display() == shown


def test_to_json():
    assert parse_count("at least six").to_json() == {"type": "count", "low": 6, "high": None,
                                                      "qualifier": "at least"}


# ---- agreement ----------------------------------------------------------------------


def agree(a: str, b: str) -> bool:
    x, y = parse_count(a), parse_count(b)
    assert x is not None and y is not None
    assert x.agrees(y) == y.agrees(x), "agreement must be symmetric"
    return x.agrees(y)


@pytest.mark.parametrize("a, b", [
    ("at least 60", "more than 60"),
    ("at least 6", "six"),
    ("more than 60", "60"),  # strict bounds are widened by one: outlets print the boundary figure
    ("nearly 300", "300"),
    ("fewer than 10", "10"),
    ("about 300", "330"),
    ("up to 50", "50"),
    ("dozens", "30"),
    ("between 100 and 300", "200"),
    ("hundreds", "more than 300"),
    ("a dozen", "12"),
], ids=str)
def test_counts_that_agree(a, b):
    assert agree(a, b)


@pytest.mark.parametrize("a, b", [
    ("40", "45"),
    ("6", "8"),
    ("at least 6", "5"),
    ("more than 60", "59"),
    ("nearly 300", "301"),
    ("fewer than 10", "11"),
    ("about 300", "331"),
    ("up to 50", "51"),
    ("dozens", "a dozen"),
    ("between 100 and 300", "301"),
], ids=str)
def test_counts_that_conflict(a, b):
    assert not agree(a, b)


def test_sum_of_counts():
    assert c(4, 4) + c(2, 2) == c(6, 6)
    assert (c(6, None, "at least") + c(2, 2)).high is None
    assert (c(6, None, "at least") + c(2, 2)).low == 8


# ---- properties -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 1_000_000), hyphen=st.sampled_from(["-", " "]), use_and=st.booleans())
@example(n=0, hyphen="-", use_and=False)
@example(n=1_000_000, hyphen="-", use_and=False)
@example(n=999_999, hyphen=" ", use_and=True)
@example(n=100_100, hyphen="-", use_and=True)
@example(n=1_001, hyphen="-", use_and=True)
def test_every_number_written_in_words_parses_back(n, hyphen, use_and):
    words = to_words(n, hyphen, use_and)
    assert COUNT_RE.fullmatch(words), f"{{count}} does not match {words!r}"
    assert parse_count(words) == c(n, n), words


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 1_000_000))
def test_every_number_in_digits_parses_back(n):
    assert parse_count(str(n)) == c(n, n)
    assert parse_count(f"{n:,}") == c(n, n)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 1_000_000), qualifier=st.sampled_from(sorted(QUALIFIERS)))
def test_qualifiers_never_narrow(n, qualifier):
    """A qualified figure always agrees with the bare figure it qualifies; non-strict
    qualifiers contain it outright."""
    qualified = parse_count(f"{qualifier} {n}")
    assert qualified is not None, f"{qualifier} {n}"
    assert qualified.qualifier == qualifier
    assert qualified.agrees(c(n, n))
    if QUALIFIERS[qualifier] in ("min", "max", "approx"):
        high = qualified.high if qualified.high is not None else float("inf")
        assert qualified.low <= n <= high
    assert apply_qualifier(n, n, qualifier, 0.1) == qualified


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 100_000), qualifier=st.sampled_from(sorted(QUALIFIERS)))
def test_qualified_words_parse_like_qualified_digits(n, qualifier):
    assert parse_count(f"{qualifier} {to_words(n)}") == parse_count(f"{qualifier} {n}")
