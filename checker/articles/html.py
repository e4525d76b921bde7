"""An HTML page read as an article: its own text and metadata, through a real HTML parser.

selectolax (the Lexbor engine) parses the page; the article is the headline
(``<h1>``, else ``og:title``, else ``<title>``) on the first line and then one
paragraph per block (``<p>``, headings, list items) of the ``<article>``, or of
the whole body when the page has none, separated by blank lines. Lines and
columns of evidence therefore refer to this extracted text, not to the HTML
source. Metadata come from the page's own tags: ``article:published_time``,
``og:site_name``, the canonical link, and a ``<meta name="story">`` (or the
configured story key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

_NOT_ARTICLE = ["script", "style", "noscript", "template", "nav", "aside", "footer", "form", "figure", "svg",
                "iframe", "button"]
_BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, pre"


@dataclass(frozen=True)
class HtmlPage:
    text: str  # headline, blank line, paragraphs separated by blank lines
    fields: dict[str, Any]  # published, outlet, url, story… as front matter would give them


def _clean(text: str) -> str:
    return " ".join(text.split())


def _meta(tree: LexborHTMLParser, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            if node is not None and _clean(node.attributes.get("content") or ""):
                return _clean(node.attributes["content"] or "")
    return None


def _blocks(root: LexborNode) -> list[str]:
    paragraphs = []
    for node in root.css(_BLOCKS):
        # a block holding other blocks is read through them, so no text is read twice (css() includes the node)
        if len(node.css(_BLOCKS)) > 1:
            continue
        text = _clean(node.text(separator=""))
        if text:
            paragraphs.append(text)
    return paragraphs


def read_html(source: str, story_key: str = "story") -> HtmlPage:
    tree = LexborHTMLParser(source)
    fields: dict[str, Any] = {}
    published = _meta(tree, "article:published_time", "datePublished", "date")
    if published is None:
        stamp = tree.css_first("article time[datetime]") or tree.css_first("time[datetime]")
        published = _clean(stamp.attributes.get("datetime") or "") if stamp is not None else None
    if published:
        fields["published"] = published
    outlet = _meta(tree, "og:site_name")
    if outlet:
        fields["outlet"] = outlet
    canonical = tree.css_first('link[rel="canonical"]')
    url = _clean(canonical.attributes.get("href") or "") if canonical is not None else None
    url = url or _meta(tree, "og:url")
    if url:
        fields["url"] = url
    story = _meta(tree, story_key)
    if story:
        fields[story_key] = story
    title_node = tree.css_first("title")
    page_title = _clean(title_node.text()) if title_node is not None else ""

    tree.strip_tags(_NOT_ARTICLE)
    for br in tree.css("br"):
        br.replace_with(" ")
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    h1 = (root.css_first("h1") if root is not None else None) or tree.css_first("h1")
    headline = _clean(h1.text(separator="")) if h1 is not None else ""
    headline = headline or _meta(tree, "og:title") or page_title
    paragraphs = _blocks(root) if root is not None else []
    if not paragraphs and root is not None:
        paragraphs = [p for p in (_clean(line) for line in root.text(separator="\n").splitlines()) if p]
        if paragraphs and paragraphs[0] == headline:
            paragraphs = paragraphs[1:]
    text = "\n\n".join([headline, *paragraphs] if headline else paragraphs)
    return HtmlPage(text=text + "\n" if text else "", fields=fields)
