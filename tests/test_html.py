"""The HTML report: self-contained, built from the same records as the JSON, and safe by construction.

The injection articles are written for these tests: ids, stories, titles, outlets, URLs and texts full of
markup, ``javascript:`` URLs and right-to-left / zero-width characters. The page is parsed here with the
standard library's HTML parser; tests/test_html_browser.py opens the same pages in a real browser.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.report.html import marked, safe_url, script_hash, visible

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
BAD = '"><img src=x onerror=alert(1)>'
INJECTION = [
    {"id": "a" + BAD, "story": "<b onmouseover=alert(2)>s</b>\u202e", "title": "<script>alert(3)</script>\u202egnp.exe",
     "url": "javascript:alert(4)", "published": "2024-05-01T10:00:00Z", "outlet": "<i>Out</i>\u200blet",
     "text": "Blast at the market\n\nFour people were killed in the explosion <script>alert(5)</script> at the "
             "market, police said.\n"},
    {"id": "b<script>alert(6)</script>", "story": "<b onmouseover=alert(2)>s</b>\u202e",
     "title": "\u202eRTL title\u200b", "url": "https://example.invalid/\"><script>alert(7)</script>",
     "published": "2024-05-01T12:00:00Z",
     "text": "Blast at the market\n\nSeven people were killed in the explosion \"><img src=x onerror=alert(8)> "
             "\u202eat the market\u200b, police said.\n"},
    {"id": "c\u200b", "story": "<b onmouseover=alert(2)>s</b>\u202e", "title": "Plain", "url": " JavaScript:alert(9)",
     "published": "2024-05-01T13:00:00Z",
     "text": "Blast at the market\n\nFive people were killed in the explosion at the market, "
             "'\"><svg onload=alert(10)>' said the police.\n"},
]


class Elements(HTMLParser):
    """Every start tag and its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def injection(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inj.jsonl").write_text("".join(json.dumps(r) + "\n" for r in INJECTION), encoding="utf-8")
    return tmp_path


def html_and_json(*args: str) -> tuple[str, dict]:
    result = cli("check", *args, "--output", "html=report.html", "--output", "json=report.json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return Path("report.html").read_text(encoding="utf-8"), json.loads(Path("report.json").read_text(encoding="utf-8"))


# ---- safe by construction ----------------------------------------------------------------------


def test_injected_markup_is_text_not_elements(injection):
    page, report = html_and_json("inj.jsonl")
    assert len(report["discrepancies"]) >= 1, "the injection articles must disagree, or their claims are not shown"
    found = parse(page)
    tags = [tag for tag, _ in found.tags]
    assert tags.count("script") == 1, "the page's own script only"
    assert not {"img", "svg", "iframe", "object", "embed", "b", "i"} & set(tags), f"injected elements: {set(tags)}"
    handlers = [(tag, name) for tag, attrs in found.tags for name in attrs if name.lower().startswith("on")]
    assert handlers == []
    for needle in ("&lt;script&gt;alert(5)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(8)&gt;",
                   "&lt;script&gt;alert(3)&lt;/script&gt;", "&lt;i&gt;Out&lt;/i&gt;[U+200B]let"):
        assert needle in page, f"{needle} not shown escaped"


def test_only_http_urls_are_links_and_every_other_href_stays_in_the_page(injection):
    page, _ = html_and_json("inj.jsonl")
    hrefs = [attrs["href"] for tag, attrs in parse(page).tags if "href" in attrs]
    outside = [h for h in hrefs if not h.startswith("#")]
    assert outside == ['https://example.invalid/"><script>alert(7)</script>'], outside  # escaped in the attribute
    assert "javascript:alert(4)" in page and 'href="javascript' not in page.lower()
    assert 'href=" javascript' not in page.lower()
    assert not [attrs for tag, attrs in parse(page).tags if "src" in attrs]


def test_invisible_and_direction_characters_are_spelled_out_in_ids_and_paths(injection):
    page, _ = html_and_json("inj.jsonl")
    assert "[U+202E]" in page and "[U+200B]" in page
    ids_shown = re.findall(r'<code>(inj\.jsonl#[^<]*)</code>', page)
    assert ids_shown and all("\u202e" not in s and "\u200b" not in s for s in ids_shown)
    # the text itself keeps them (it is what the article says), isolated so it cannot reorder the page
    assert "<bdi>" in page and "\u202eat the market" in page


def test_the_csp_allows_only_the_pages_own_script_by_hash(injection):
    page, _ = html_and_json("inj.jsonl")
    found = parse(page)
    csp = next(attrs["content"] for tag, attrs in found.tags
               if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy")
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert f"script-src {script_hash(found.scripts[0])}" in csp
    assert "base-uri 'none'" in csp and "form-action 'none'" in csp


def test_safe_url_and_visible():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", " https://x.org", "https:\\\\evil", "data:text/html,x", "//evil.org",
                "https://x.org/\u202e", "http://a b", "", None):
        assert safe_url(bad) is None, bad
    assert visible("a\u202eb\u200bc") == "a[U+202E]b[U+200B]c"


# ---- content -----------------------------------------------------------------------------------


def test_marks_cover_each_fact_and_split_where_they_overlap():
    pieces = marked("Four people were killed in the blast.", [("Four people were killed", "k", "4"),
                                                               ("killed in the blast", "p", "blast")])
    assert [(p["text"], p["slots"]) for p in pieces] == [
        ("Four people were ", ["k"]), ("killed", ["k", "p"]), (" in the blast", ["p"]), (".", [])]
    assert marked("no match here", [("absent", "k", "x")]) == [{"text": "no match here", "slots": [], "labels": []}]


@pytest.fixture
def lint_story(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "lint"
    shutil.copytree(FIXTURES / "lint", root)
    monkeypatch.chdir(root)
    return root


def test_lint_story_page_shows_counts_suppressed_and_reference(lint_story):
    page, report = html_and_json("new", "--against", "published", "--no-default-rules", "--rules", "pack.yaml")
    summary = report["summary"]
    for severity, n in summary["discrepancies"].items():
        assert f'<dd id="count-{severity}">{n}</dd>' in page
    assert f'<dd id="count-suppressed">{summary["suppressed"]}</dd>' in page
    suppressed = [d for d in report["discrepancies"] if "suppressed" in d]
    assert suppressed and 'id="suppressed"' in page
    assert "hospital figures are still coming in" in page
    assert page.count('class="doc reference"') == summary["reference"]
    # every claim links to its article's view, every article view to the findings it is in
    anchors = set(re.findall(r'id="(a\d+|d\d+)"', page))
    assert all(h[1:] in anchors for h in re.findall(r'href="(#[ad]\d+)"', page))


def test_timeline_of_a_toll_in_publication_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page, report = html_and_json(str(REPO / "tests" / "stories" / "market-bombing"))
    assert any(d["kind"] == "update" for d in report["discrepancies"])
    timeline = page.split('<ol class="timeline"', 1)[1].split("</ol>", 1)[0]
    times = re.findall(r"<time>([^<]+)</time>", timeline)
    assert len(times) >= 2 and times == sorted(times)


def test_format_html_on_stdout_and_the_same_bytes_twice(lint_story):
    first = cli("check", "new", "--format", "html", "--fail-on", "never")
    second = cli("check", "new", "--format", "html", "--fail-on", "never")
    assert first.exit_code == 0 and first.stdout.startswith("<!DOCTYPE html>")
    assert first.stdout == second.stdout


def test_the_template_ships_in_the_package():
    from importlib import resources

    templates = resources.files("checker.report").joinpath("templates")
    assert {"report.html.j2", "report.js", "report.css"} <= {p.name for p in templates.iterdir()}


def test_a_text_check_imports_neither_jinja2_nor_tomlkit(tmp_path):
    """Start-up: the template engine loads only for an HTML report, tomlkit only for a broken configuration."""
    import os
    import subprocess
    import sys

    seed = str(REPO / "seeds" / "000_ffbbca6d7b57fe00.txt")
    code = (f"import sys; sys.argv = ['checker', 'check', {seed!r}, '--fail-on', 'never']\n"
            "from checker.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('jinja2', 'markupsafe', 'tomlkit') if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          cwd=tmp_path)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_articles_carry_their_time_and_url_in_the_json_report_and_it_validates(injection):
    import jsonschema

    from checker.report.schema import report_schema

    _, report = html_and_json("inj.jsonl")
    validator = jsonschema.Draft202012Validator(report_schema(),
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(report)] == []
    first = report["articles"][0]
    assert first["published_at"] == "2024-05-01T10:00:00+00:00" and first["url"] == "javascript:alert(4)"
