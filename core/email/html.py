"""HTML mail bodies to plain text, keeping link text in place and the link targets on the side
(meeting links hide in hrefs): the one converter the whole product uses."""

from __future__ import annotations

from core.text.html import HtmlText, html_to_text

__all__ = ["HtmlText", "html_to_text"]
