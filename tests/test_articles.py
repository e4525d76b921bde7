"""checker.articles.parse: articles loaded with metadata, sentences and file line numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.articles.parse import build_article, load_articles, split_front_matter

FRONT = """\
---
story: bridge-collapse
published: 2024-05-02
outlet: The Daily Example
tags: [infrastructure]
---
Bridge collapses in Eastport

Four people died when the bridge fell on Monday.
"""


def sentences(article) -> list[str]:
    return [article.text[s.start:s.end] for s in article.sentences]


# ---- front matter and metadata --------------------------------------------------------------


def test_front_matter_is_parsed_and_blanked():
    article = build_article(FRONT, "a.md", "a", {})
    assert (article.story, article.published, article.outlet) == ("bridge-collapse", dt.date(2024, 5, 2),
                                                                  "The Daily Example")
    assert article.title == "Bridge collapses in Eastport"
    # blanked, not cut: same length, same line breaks, so offsets and lines are the file's own
    assert len(article.text) == len(FRONT)
    assert article.text.count("\n") == FRONT.count("\n")
    assert article.text[:article.text.index("Bridge")].strip() == ""
    offset = article.text.index("Four people")
    assert offset == FRONT.index("Four people")
    assert article.line_col(offset) == (9, 1)


def test_front_matter_split():
    fields, body = split_front_matter("---\nstory: x\n---\nText\n")
    assert fields == {"story": "x"}
    assert body == "   \n        \n   \nText\n"
    assert split_front_matter("No front matter\n") == ({}, "No front matter\n")
    assert split_front_matter("---\nnever closed\n") == ({}, "---\nnever closed\n")


def test_published_with_a_time():
    article = build_article("---\npublished: 2024-05-02T14:30:00Z\n---\nHeadline\n", "a.md", "a", {})
    assert article.published == dt.date(2024, 5, 2)
    assert article.published_at == dt.datetime(2024, 5, 2, 14, 30, tzinfo=dt.timezone.utc)


def test_metadata_beside_the_articles(tmp_path):
    (tmp_path / "one.txt").write_text("Headline one\n\nFour people died.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("---\nstory: own\n---\nHeadline two\n", encoding="utf-8")
    (tmp_path / "three.txt").write_text("Headline three\n", encoding="utf-8")
    (tmp_path / "metadata.yaml").write_text(
        "articles:\n  one.txt: {story: bridge, published: 2024-05-02, outlet: Daily}\n"
        "  two: {story: bridge, outlet: Weekly}\n", encoding="utf-8")
    articles, errors = load_articles([str(tmp_path)])
    assert errors == []
    by_id = {a.id: a for a in articles}
    assert (by_id["one"].story, by_id["one"].published, by_id["one"].outlet) == ("bridge", dt.date(2024, 5, 2),
                                                                                 "Daily")
    # front matter wins over metadata.yaml; an entry may be keyed by file stem
    assert (by_id["two"].story, by_id["two"].outlet) == ("own", "Weekly")
    assert (by_id["three"].story, by_id["three"].published) == ("default", None)


def test_seed_metadata_is_read():
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    articles, errors = load_articles([str(seeds)])
    assert errors == []
    by_id = {a.id: a for a in articles}
    assert len(by_id) == 5
    assert by_id["002_7df8da37a3d8a7ae"].published == dt.date(2023, 9, 19)
    assert by_id["000_ffbbca6d7b57fe00"].outlet == "Al Jazeera"
    assert by_id["003_1c89ffd6c37e0822"].published is None


# ---- sentences --------------------------------------------------------------------------------


def test_headline_is_its_own_first_sentence(make_article):
    article = make_article("Four people died. Police said so.", headline="Bridge falls in Eastport")
    assert sentences(article) == ["Bridge falls in Eastport", "Four people died.", "Police said so."]
    assert [s.headline for s in article.sentences] == [True, False, False]
    assert [s.paragraph for s in article.sentences] == [0, 1, 1]


def test_first_line_ending_in_a_full_stop_is_not_a_headline():
    article = build_article("Four people died in the blast on Monday.\nPolice said so.\n", "a.txt", "a", {})
    assert [s.headline for s in article.sentences] == [False, False]


@pytest.mark.parametrize("body, expected", [
    ("Mr. Smith said two people died. Dr. Jones agreed.", ["Mr. Smith said two people died.", "Dr. Jones agreed."]),
    ("Gen. Smith met Lt. Col. Jones in St. Louis.", ["Gen. Smith met Lt. Col. Jones in St. Louis."]),
    ("The U.S. State Department said four people died.", ["The U.S. State Department said four people died."]),
    ("The U.N. said two died. Rain fell.", ["The U.N. said two died.", "Rain fell."]),
    ("Talks with J. R. Smith ended. Then rain.", ["Talks with J. R. Smith ended.", "Then rain."]),
    ("The bridge fell at 5 p.m. Police closed the road.", ["The bridge fell at 5 p.m.", "Police closed the road."]),
    ("It was 3.5 km long. Next.", ["It was 3.5 km long.", "Next."]),
    ('"It fell," he said. Officials agreed!', ['"It fell," he said.', "Officials agreed!"]),
    ("Was it safe? Nobody knows.", ["Was it safe?", "Nobody knows."]),
    ("He was shot on Orchard St. He died at noon.", ["He was shot on Orchard St.", "He died at noon."]),
    ("They met on St. Anne Street. Police came.", ["They met on St. Anne Street.", "Police came."]),
], ids=["mr-dr", "titles", "U.S.", "U.N.", "initials", "p.m.", "decimal", "quote", "question", "street-end",
        "saint"])
def test_sentence_splitting(make_article, body, expected):
    assert sentences(make_article(body))[1:] == expected


def test_paragraphs_and_hard_wrapped_lines(make_article):
    body = ("The bridge over the river collapsed late on Monday evening after days of rain,\n"
            "officials in the town said.\n\nA second paragraph starts here.")
    article = make_article(body)
    assert sentences(article)[1:] == [
        "The bridge over the river collapsed late on Monday evening after days of rain,\n"
        "officials in the town said.",
        "A second paragraph starts here."]
    assert [s.paragraph for s in article.sentences] == [0, 1, 2]


@pytest.mark.parametrize("body, expected", [
    # hard-wrapped at 40 columns or fewer: the break falls inside the sentence
    ("Six people lost their\nlives when the bridge\nfell on Monday.", ["Six people lost their\nlives when the bridge\nfell on Monday."]),
    ("Rescuers said four\nworkers were missing.", ["Rescuers said four\nworkers were missing."]),
    ("After the blast on Monday,\nPolice closed the road.", ["After the blast on Monday,\nPolice closed the road."]),
    ("The toll was raised by the\nRegional Health Office.", ["The toll was raised by the\nRegional Health Office."]),
    ("A state-\nrun agency said so.", ["A state-\nrun agency said so."]),
    # a line ending in a word, followed by a capital: its own sentence (headline, dateline, list)
    ("Bridge falls in Eastport\nFour people died.", ["Bridge falls in Eastport", "Four people died."]),
    ("- four soldiers\n- two civilians", ["- four soldiers", "- two civilians"]),
    ("Killed: 4\nInjured: 12", ["Killed: 4", "Injured: 12"]),
    ("---\nFour people died.", ["---", "Four people died."]),
    ("Four people died.\nthe end", ["Four people died.", "the end"]),
], ids=["40-columns", "lower-case-next", "comma", "open-word", "hyphen", "headline", "list", "table", "rule",
        "full-stop"])
def test_short_lines_join_only_inside_a_sentence(make_article, body, expected):
    assert sentences(make_article(body))[1:] == expected


# ---- offsets ----------------------------------------------------------------------------------


def test_line_and_column_of_offsets():
    article = build_article("Headline\n\nab cd\nef\n", "a.txt", "a", {})
    assert article.line_col(0) == (1, 1)
    assert article.line_col(article.text.index("cd")) == (3, 4)
    assert article.line_col(article.text.index("ef")) == (4, 1)
    assert article.line_col(article.text.index("\nef")) == (3, 6)  # a newline belongs to its line


def test_windows_line_endings_keep_lines(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Headline\r\n\r\nFour people died.\r\n")
    (article,), errors = load_articles([str(tmp_path / "a.txt")])
    assert errors == []
    assert article.line_col(article.text.index("Four")) == (3, 1)


# ---- errors -----------------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_the_rest_load(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nFour people died.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 collapses".encode("latin-1"))
    (tmp_path / "bad_front.md").write_text("---\n[1, 2]\n---\nText\n", encoding="utf-8")
    (tmp_path / "bad_date.md").write_text("---\npublished: next week\n---\nText\n", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    missing = str(tmp_path / "missing.txt")
    articles, errors = load_articles([str(tmp_path), missing])
    assert [a.id for a in articles] == ["good"]
    assert {e.path.rsplit("/", 1)[-1]: e.message for e in errors} == {
        "bad_date.md": "'published' must be an ISO date (2024-05-01 or 2024-05-01T14:30Z), got 'next week'",
        "bad_front.md": "front matter must be a mapping of keys to values",
        "binary.txt": "binary file, not an article",
        "latin1.txt": "not UTF-8 text (byte 3): save it as UTF-8",
        "missing.txt": "no such file or directory",
    }


def test_invalid_dates_in_front_matter_are_an_error_not_a_crash(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 2024-13-45\n---\nText\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\n", encoding="utf-8")
    articles, errors = load_articles([str(tmp_path)])
    assert [a.id for a in articles] == ["b"]
    assert [e.path for e in errors] == [str(tmp_path / "a.md")]
    assert errors[0].message.startswith("front matter is not valid YAML: ")


@pytest.mark.parametrize("metadata, words", [
    ("articles: [\n", "not valid YAML"),
    ("articles:\n  a.txt: {published: 2024-13-45}\n", "not valid YAML"),
    ("articles: [a.txt, b.txt]\n", "'articles' must map file names"),
    ("a.txt: just a string\n", "must be a mapping of fields"),
], ids=["yaml", "date", "list", "entry"])
def test_a_broken_metadata_file_is_named_in_the_error(tmp_path, metadata, words):
    (tmp_path / "a.txt").write_text("Headline\n", encoding="utf-8")
    (tmp_path / "metadata.yaml").write_text(metadata, encoding="utf-8")
    articles, errors = load_articles([str(tmp_path)])
    assert articles == []
    assert [e.path for e in errors] == [str(tmp_path / "a.txt")]
    assert "metadata.yaml" in errors[0].message and words in errors[0].message


def test_same_stem_in_two_directories_keeps_ids_apart(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text("Headline\n", encoding="utf-8")
    articles, errors = load_articles([str(tmp_path)])
    assert errors == []
    assert len({a.id for a in articles}) == 2


def test_a_front_matter_title_is_read_as_the_headline_at_its_own_line():
    from checker.articles.parse import build_article

    text = "---\nstory: fire\ntitle: \"Three killed in warehouse fire\"\n---\nFirefighters worked through the night.\n"
    article = build_article(text, "a.md", "a", {})
    headline = article.sentences[0]
    assert headline.headline and article.sentence_text(headline) == "Three killed in warehouse fire"
    assert article.line_col(headline.start) == (3, 9)
    assert article.text.count("story") == 0  # the rest of the front matter stays blank


def test_a_json_lines_title_comes_first_when_the_text_opens_with_a_sentence():
    from checker.articles.parse import build_article

    article = build_article("Firefighters worked through the night.", "f.jsonl#a", "a",
                            {"title": "Three killed in warehouse fire"}, title_first=True)
    assert article.sentences[0].headline
    assert article.sentence_text(article.sentences[0]) == "Three killed in warehouse fire"
    assert article.line_col(article.text.index("Firefighters")) == (3, 1)
