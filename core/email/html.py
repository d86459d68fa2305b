"""HTML mail bodies to plain text, keeping the link targets (meeting links hide in hrefs)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_DROP_TAGS = ("script", "style", "head", "title", "noscript", "template")
_SPACES = re.compile(r"[ \t\u00a0\u200b\u200c\u200d\ufeff]+")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Visible text of an HTML document, one block per line, and its link targets in order."""
    if not html.strip():
        return "", []
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return _SPACES.sub(" ", re.sub(r"<[^>]+>", " ", html)).strip(), []
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    links = [h.strip() for h in root.xpath("//a/@href") if isinstance(h, str) and h.strip()]
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANKS.sub("\n\n", text).strip(), links


def _walk(el: etree._Element, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag in _BLOCK_TAGS
    if block:
        out.append("\n")
    if el.text and tag:
        out.append(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)
    if tag in ("td", "th"):
        out.append("\t")
    elif block:
        out.append("\n")
