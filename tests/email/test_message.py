from __future__ import annotations

from email.message import EmailMessage

import pytest

from core.email.html import html_to_text
from core.email.message import InvalidEmail, parse_email, strip_quoted


def _mail(**parts: str) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = "Hello"
    msg["From"] = "Ann Example <ann@example.com>"
    msg["To"] = "me@example.com"
    msg["Date"] = "Tue, 12 Mar 2024 10:00:00 -0700"
    if "plain" in parts:
        msg.set_content(parts["plain"])
    if "html" in parts:
        if "plain" in parts:
            msg.add_alternative(parts["html"], subtype="html")
        else:
            msg.set_content(parts["html"], subtype="html")
    return msg.as_bytes()


def test_html_only_body_becomes_text_with_links() -> None:
    parsed = parse_email(
        _mail(html='<p>Join <a href="https://zoom.us/j/123">here</a></p><script>x()</script>')
    )
    assert parsed.text == "Join here"
    assert "https://zoom.us/j/123" in parsed.links


def test_table_cells_stay_on_one_line() -> None:
    text, _ = html_to_text("<table><tr><td>Date</td><td>March 12</td></tr></table>")
    assert text == "Date March 12"


def test_headers_and_date() -> None:
    parsed = parse_email(_mail(plain="Hi there, this is the body of the message."))
    assert parsed.from_addr == "ann@example.com" and parsed.from_name == "Ann Example"
    assert parsed.date is not None and parsed.date.utcoffset().total_seconds() == -7 * 3600


def test_latin1_and_unknown_charsets_are_decoded() -> None:
    raw = (
        b"From: a@b.de\r\nSubject: Termin\r\nDate: Tue, 12 Mar 2024 10:00:00 +0100\r\n"
        b"Content-Type: text/plain; charset=x-unknown-charset\r\n\r\n"
        b"Gespr\xe4ch am Dienstag um 10 Uhr\r\n"
    )
    parsed = parse_email(raw)
    assert "Dienstag um 10 Uhr" in parsed.text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"just some words\n", "no email headers")],
)
def test_not_an_email(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidEmail, match=reason):
        parse_email(raw)


def test_strip_quoted_keeps_forwarded_content_without_its_headers() -> None:
    text = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: X <x@y.com>\n"
        "Date: Thu, Mar 7, 2024 at 9:02 AM\nSubject: Interview\nTo: me\n\nInterview on Monday.\n"
    )
    out = strip_quoted(text)
    assert "Interview on Monday." in out and "Mar 7, 2024" not in out


def test_strip_quoted_drops_replies() -> None:
    text = "Sounds good.\n\nOn Tue, Mar 19, 2024 at 11:00 AM Jamie <j@x.com> wrote:\n> old text\n"
    assert strip_quoted(text).strip() == "Sounds good."
