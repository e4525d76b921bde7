"""Inputs: .txt, .md, .html, .jsonl, directories with --include/--exclude, standard input; bad input is listed.

Every article here is written for these tests.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.articles.html import read_html
from checker.articles.inputs import InputOptions, discover, load_inputs

PACK = Path(__file__).resolve().parent / "fixtures" / "lint" / "pack.yaml"
SMALL = ["--no-default-rules", "--rules", str(PACK)]

PAGE = """\
<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Quarry collapse kills two | The Valley Lantern</title>
<meta property="og:site_name" content="The Valley Lantern">
<meta property="article:published_time" content="2024-06-11T07:45:00+02:00">
<meta name="story" content="quarry-collapse">
<link rel="canonical" href="https://example.invalid/quarry">
<style>p { color: red }</style>
</head><body>
<nav><ul><li>Home</li><li>Nine people were killed in other news</li></ul></nav>
<article>
  <h1>Quarry wall gives way</h1>
  <p>Two workers were killed when a quarry wall gave way on
     Monday, the operator said.</p>
  <p>Rescuers heard <b>three</b> loud blasts&nbsp;as the rock fell &amp; dust rose.</p>
  <aside><p>Read more: eight people were killed in a flood</p></aside>
</article>
<footer><p>Four people were killed, said nobody.</p></footer>
<script>var teaser = "Six workers were killed";</script>
</body></html>
"""


def cli(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


# ---- HTML --------------------------------------------------------------------------------------


def test_html_article_text_and_metadata_come_from_the_page():
    page = read_html(PAGE)
    assert page.text == ("Quarry wall gives way\n\n"
                         "Two workers were killed when a quarry wall gave way on Monday, the operator said.\n\n"
                         "Rescuers heard three loud blasts as the rock fell & dust rose.\n")
    assert page.fields == {"published": "2024-06-11T07:45:00+02:00", "outlet": "The Valley Lantern",
                           "url": "https://example.invalid/quarry", "story": "quarry-collapse"}


def test_html_file_loads_as_an_article(tmp_path):
    (tmp_path / "quarry.html").write_text(PAGE, encoding="utf-8")
    loaded = load_inputs([str(tmp_path)])
    assert loaded.errors == []
    (article,) = loaded.articles
    assert (article.id, article.story, article.published, article.outlet, article.url, article.title) == (
        "quarry", "quarry-collapse", dt.date(2024, 6, 11), "The Valley Lantern", "https://example.invalid/quarry",
        "Quarry wall gives way")
    assert article.sentences[0].headline


def test_html_without_article_tag_reads_the_body_and_falls_back_to_title():
    page = read_html("<html><head><title>Flood toll rises</title></head><body>"
                     "<p>Five residents died in the flood.</p><div>Sidebar</div></body></html>")
    assert page.text == "Flood toll rises\n\nFive residents died in the flood.\n"


def test_html_story_key_is_configurable():
    page = read_html('<html><head><meta name="slug" content="s-1"></head><body><p>Text.</p></body></html>',
                     story_key="slug")
    assert page.fields == {"slug": "s-1"}


def test_html_facts_carry_lines_of_the_extracted_text(tmp_path):
    (tmp_path / "quarry.html").write_text(PAGE, encoding="utf-8")
    result = cli("check", str(tmp_path), *SMALL, "--format", "json", "--fail-on", "never")
    facts = json.loads(result.stdout)["articles"][0]["facts"]
    assert [(f["rule"], f["display"], f["line"], f["column"]) for f in facts] == [
        ("story.killed", "2", 3, 1), ("story.blasts", "3", 5, 16)]


# ---- JSON lines --------------------------------------------------------------------------------


def test_jsonl_one_article_a_line_with_its_fields(tmp_path):
    lines = [
        {"id": "wire-1", "text": "Headline one\n\nThree people were killed in the storm.", "story": "storm",
         "published": "2024-01-02", "outlet": "Wire", "title": "Storm", "url": "https://example.invalid/1"},
        {"id": "wire-2", "text": "Seven people were killed in the storm.", "story": "storm"},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    loaded = load_inputs([str(feed)])
    assert loaded.errors == []
    one, two = loaded.articles
    assert (one.id, one.path, one.story, one.published, one.outlet, one.title, one.url) == (
        "wire-1", f"{feed}#wire-1", "storm", dt.date(2024, 1, 2), "Wire", "Storm", "https://example.invalid/1")
    assert two.id == "wire-2" and two.published is None
    # lines and columns are those of the article's text
    assert one.line_col(one.text.index("Three")) == (3, 1)


def test_jsonl_bad_lines_are_errors_and_the_rest_is_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Four workers were killed."}\n'
                    "not json\n"
                    '{"id": "b"}\n'
                    '{"id": "c", "text": "Two workers were killed.", "published": "last week"}\n'
                    '{"text": "Four workers were killed."}\n', encoding="utf-8")
    loaded = load_inputs([str(feed)])
    assert [a.id for a in loaded.articles] == ["a", "feed-5"]
    assert [(e.path, e.message.split(":")[0]) for e in loaded.errors] == [
        (str(feed), "line 2"), (str(feed), "line 3"), (str(feed), "line 4")]


# ---- directories, globs, standard input --------------------------------------------------------


def make_tree(root: Path) -> None:
    for name in ("a.md", "b.txt", "c.html", "d.jsonl", "notes.rst", "drafts/e.md", "drafts/deep/f.md",
                 ".hidden/g.md", "sub/h.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"text": "x"}\n' if name.endswith(".jsonl") else "Headline\n\nText.\n", encoding="utf-8")


def shown(root: Path, options: InputOptions, *inputs: str) -> list[str]:
    return [str(Path(s.shown).relative_to(root)) if s.shown.startswith(str(root)) else s.shown
            for s in discover(list(inputs) or [str(root)], options)]


def test_directories_are_walked_in_order_with_known_suffixes(tmp_path):
    make_tree(tmp_path)
    assert shown(tmp_path, InputOptions()) == ["a.md", "b.txt", "c.html", "d.jsonl", "drafts/deep/f.md",
                                               "drafts/e.md", "sub/h.md"]


def test_include_and_exclude_globs(tmp_path):
    make_tree(tmp_path)
    assert shown(tmp_path, InputOptions(include=("*.md",))) == ["a.md", "drafts/deep/f.md", "drafts/e.md",
                                                                "sub/h.md"]
    assert shown(tmp_path, InputOptions(include=("*.md", "*.rst"), exclude=("drafts",))) == [
        "a.md", "notes.rst", "sub/h.md"]
    assert shown(tmp_path, InputOptions(exclude=("drafts/**", "*.html", "*.jsonl"))) == ["a.md", "b.txt", "sub/h.md"]
    # a file named directly is read whatever its suffix, unless excluded
    assert shown(tmp_path, InputOptions(exclude=("*.md",)), str(tmp_path / "notes.rst"),
                 str(tmp_path / "a.md")) == ["notes.rst"]


def test_include_and_exclude_on_the_command_line(tmp_path):
    make_tree(tmp_path)
    result = cli("check", str(tmp_path), *SMALL, "--include", "*.md", "--exclude", "drafts", "--format", "json")
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == [str(tmp_path / "a.md"),
                                                                          str(tmp_path / "sub/h.md")]


def test_standard_input_is_an_article():
    result = cli("check", "-", *SMALL, "--format", "json",
                 input="---\nstory: s\n---\nHeadline\n\nFour workers were killed.\n")
    report = json.loads(result.stdout)
    assert [(a["id"], a["path"], a["story"]) for a in report["articles"]] == [("stdin", "<stdin>", "s")]
    assert report["articles"][0]["facts"][0]["line"] == 6


def test_standard_input_with_a_name_and_beside_files(tmp_path):
    (tmp_path / "a.md").write_text("Headline\n\nFour workers were killed.\n", encoding="utf-8")
    # one story: a.md gives no day or place to tell it from the page by
    result = cli("check", str(tmp_path / "a.md"), "-", "--stdin-name", "page.html", *SMALL, "--format", "json",
                 "--stories", "one", input=PAGE.replace("Two workers", "Six workers").replace('<meta name="story"', '<meta name="x"'))
    report = json.loads(result.stdout)
    assert [a["path"] for a in report["articles"]] == [str(tmp_path / "a.md"), "page.html"]
    assert result.exit_code == 1
    assert report["discrepancies"][0]["message"] == "4 vs 6"


def test_standard_input_that_looks_like_html_or_jsonl():
    loaded = load_inputs(["-"], stdin=io.BytesIO(PAGE.encode()))
    assert loaded.articles[0].title == "Quarry wall gives way"
    loaded = load_inputs(["-"], stdin=io.BytesIO(b'{"id": "x", "text": "Two workers were killed."}\n'))
    assert [(a.id, a.path) for a in loaded.articles] == [("x", "<stdin>#x")]


# ---- unreadable input --------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Two readable articles that disagree (a warning), one binary file, one file in Latin-1."""
    (tmp_path / "one.md").write_text("Headline\n\nWitnesses heard two blasts.\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("Headline\n\nWitnesses heard four blasts.\n", encoding="utf-8")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin.txt").write_bytes("Headline\n\nFive workers were killed in Bogot\xe1.\n".encode("latin-1"))
    return tmp_path


def test_binary_and_non_utf8_inputs_are_errors_and_every_other_article_is_checked(mixed):
    result = cli("check", str(mixed), *SMALL, "--format", "json")
    assert result.exit_code == 1  # follows the findings: a warning at the default --fail-on
    report = json.loads(result.stdout)
    assert report["errors"] == [
        {"path": str(mixed / "image.md"), "message": "binary file, not an article"},
        {"path": str(mixed / "latin.txt"), "message": "not UTF-8 text (byte 43): save it as UTF-8"},
    ]
    assert [a["path"] for a in report["articles"]] == [str(mixed / "one.md"), str(mixed / "two.md")]
    assert [d["message"] for d in report["discrepancies"]] == ["2 vs 4"]


def test_input_errors_follow_the_findings_unless_strict(mixed):
    assert cli("check", str(mixed), *SMALL, "--fail-on", "never").exit_code == 0
    assert cli("check", str(mixed), *SMALL, "--fail-on", "warning").exit_code == 1
    assert cli("check", str(mixed), *SMALL, "--fail-on", "never", "--strict-inputs").exit_code == 2
    strict = cli("check", str(mixed), *SMALL, "--strict-inputs")
    assert strict.exit_code == 2
    assert f"input error  {mixed / 'image.md'}: binary file, not an article" in strict.stdout
    (mixed / "image.md").unlink()
    (mixed / "latin.txt").unlink()
    assert cli("check", str(mixed), *SMALL, "--fail-on", "never", "--strict-inputs").exit_code == 0


def test_strict_inputs_from_the_configuration_and_overridden(mixed, monkeypatch):
    (mixed / "checker.toml").write_text("strict-inputs = true\n", encoding="utf-8")
    monkeypatch.chdir(mixed)
    assert cli("check", ".", *SMALL, "--fail-on", "never").exit_code == 2
    assert cli("check", ".", *SMALL, "--fail-on", "never", "--no-strict-inputs").exit_code == 0


def test_a_directory_is_walked_in_path_order_without_hidden_or_linked_directories(tmp_path, monkeypatch):
    for name in ("b.txt", "a/c.txt", "a.txt", ".hidden/d.txt", "sub/.e.txt", "sub/deep/f.md", "g.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Headline\n\nText.\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "lf.txt").symlink_to(tmp_path / "b.txt")
    monkeypatch.chdir(tmp_path)
    # as pathlib walks it: sorted(Path(".").rglob("*")), hidden directories and other suffixes left
    # out; lf.txt is b.txt under another name
    expected = [str(p) for p in sorted(Path(".").rglob("*")) if p.is_file() and p.suffix in (".txt", ".md")
                and not any(part.startswith(".") for part in p.parts[:-1]) and p.name != "lf.txt"]
    assert [s.shown for s in discover(["."], InputOptions())] == expected == \
        ["a/c.txt", "a.txt", "b.txt", "sub/.e.txt", "sub/deep/f.md"]
    # a directory is named as pathlib writes it ("./x/" is "x"), ".." kept
    assert [s.shown for s in discover([f"./../{tmp_path.name}//sub/"], InputOptions())] == \
        [f"../{tmp_path.name}/sub/.e.txt", f"../{tmp_path.name}/sub/deep/f.md"]
    # one file named three times is read once, under the same name whatever the order
    for inputs in (["sub/deep/f.md", "sub", "./sub/deep/f.md"], ["./sub/deep/f.md", "sub", "sub/deep/f.md"]):
        assert [s.shown for s in discover(inputs, InputOptions())] == ["sub/.e.txt", "./sub/deep/f.md"]


def test_metadata_tables_are_kept_for_the_last_few_directories_only(tmp_path):
    from checker.articles.parse import TABLES_KEPT
    from checker.articles.inputs import read_source

    directories = TABLES_KEPT + 4
    for d in range(directories):
        folder = tmp_path / f"d{d:02d}"
        folder.mkdir()
        (folder / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
        (folder / "metadata.yaml").write_text(f"a.txt:\n  story: s{d}\n", encoding="utf-8")
    tables: dict = {}
    sources = discover([str(tmp_path)], InputOptions())
    # in path order, and once more from the start: a directory read again after it was let go
    for source in [*sources, sources[0]]:
        (read,) = read_source(source, InputOptions(), tables=tables)
        assert read.article.story == f"s{int(Path(source.shown).parent.name[1:])}"
        assert len(tables) <= TABLES_KEPT
