"""HTML to plain text, for mail bodies and job postings alike.

One block per line (paragraphs separated by a blank line, a `<br>` a line break), table cells
side by side on their row, link text kept in place and link targets listed on the side (meeting
links hide in hrefs). Job postings ask for list items as "- item" lines, which is how their
requirement sections are found again.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

import lxml.html
from lxml import etree

_DROP_TAGS = ("script", "style", "head", "title", "noscript", "template")
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
})  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_BULLET = "\n- "
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\u200b\u200c\u200d\ufeff]+")
_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_LOOKS_ESCAPED = re.compile(r"&lt;\s*/?\s*[a-zA-Z]")
_ANY_TAG = re.compile(r"<[^>]+>")


class HtmlText(NamedTuple):
    text: str
    links: list[str]


def html_to_text(markup: str | None, *, bullets: bool = False) -> HtmlText:
    """The visible text of `markup` and its link targets in document order.

    With `bullets`, each list item is a line of its own starting with "- ". Markup that arrives
    entity-escaped as a whole (`&lt;p&gt;`, as Greenhouse sends postings) is unescaped first;
    text without any tag passes through with its line breaks kept.
    """
    if not markup or not markup.strip():
        return HtmlText("", [])
    text = markup
    if not _HAS_TAG.search(text) and _LOOKS_ESCAPED.search(text):
        text = html.unescape(text)
    if not _HAS_TAG.search(text):
        return HtmlText(_tidy(html.unescape(text), bullets=bullets), [])
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return HtmlText(_tidy(html.unescape(_ANY_TAG.sub(" ", text)), bullets=bullets), [])
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    links = [h.strip() for h in root.xpath("//a/@href") if isinstance(h, str) and h.strip()]
    parts: list[str] = []
    _walk(root, parts, bullets)
    return HtmlText(_tidy("".join(parts), bullets=bullets), links)


def _walk(el: etree._Element, out: list[str], bullets: bool) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        out.append("\n")
    elif bullets and tag == "li":
        out.append(_BULLET)
    # A block opening a list item stays on the item's line.
    elif tag in _BLOCK_TAGS and not (out and out[-1] == _BULLET):
        out.append("\n")
    if el.text and tag:
        out.append(el.text)
    for child in el:
        _walk(child, out, bullets)
        if child.tail:
            out.append(child.tail)
    if tag in _CELL_TAGS:
        out.append(" ")
    elif tag in _BLOCK_TAGS:
        out.append("\n")


def _tidy(text: str, *, bullets: bool) -> str:
    """Spaces collapsed, lines trimmed, at most one blank line in a row."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if bullets and line in ("-", "•"):
            continue  # an empty list item
        if not line and out and not out[-1]:
            continue
        # Consecutive list items stay on consecutive lines.
        tight = len(out) >= 2 and not out[-1] and out[-2].startswith("- ")
        if bullets and tight and line.startswith("- "):
            out.pop()
        out.append(line)
    return "\n".join(out).strip()
