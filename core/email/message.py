"""One email, parsed from its raw RFC 5322 bytes into what detection needs."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from core.email.calendar import CalendarEvent, parse_calendar
from core.email.html import html_to_text

MAX_EMAIL_BYTES = 25 * 1024 * 1024  # Gmail's own limit on a message


class InvalidEmail(ValueError):
    """The bytes are not an email message."""


@dataclass
class ParsedEmail:
    message_id: str | None
    subject: str
    from_name: str
    from_addr: str
    to_addrs: list[str]
    date: datetime | None  # aware, in the sender's offset
    text: str  # the body as plain text (HTML converted when there is no text part)
    links: list[str] = field(default_factory=list)
    calendars: list[CalendarEvent] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # In-Reply-To and References ids
    bulk: bool = False  # List-Unsubscribe / Precedence: bulk — newsletters and alerts
    attachment_names: list[str] = field(default_factory=list)
    list_unsubscribe: bool = False
    precedence: str = ""  # bulk, list, junk or ""
    auto_submitted: bool = False  # Auto-Submitted other than "no": sent by a system
    reply_to: str = ""


@dataclass(frozen=True)
class EmailRef:
    """One email in a mailbox, as the person would recognise it: what every change it makes
    names in the history."""

    message_id: str  # the mailbox's id (Gmail's), the key of every effect
    thread_id: str | None = None
    subject: str = ""
    sender: str = ""
    received_at: datetime | None = None

    @classmethod
    def of(cls, msg: ParsedEmail, message_id: str, thread_id: str | None) -> EmailRef:
        # As people read it, unquoted: "Amazon.com <orders@amazon.com>".
        sender = f"{msg.from_name} <{msg.from_addr}>" if msg.from_name else msg.from_addr
        return cls(message_id, thread_id, msg.subject[:300], sender[:300], msg.date)


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse raw message bytes. Raises `InvalidEmail` when they hold no message headers."""
    if not raw or not raw.strip():
        raise InvalidEmail("the file is empty")
    if len(raw) > MAX_EMAIL_BYTES:
        raise InvalidEmail("the message is larger than 25 MB")
    if b"\x00" in raw[:4096]:
        raise InvalidEmail("the file is binary, not an email message")
    # compat32 parses headers lazily; the default policy's header objects cost milliseconds.
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    if not any(_header(msg, h) for h in ("From", "Subject", "Date", "Message-ID")):
        raise InvalidEmail("no email headers (From, Subject, Date) found")

    from_name, from_addr = parseaddr(_header(msg, "From"))
    to_addrs = [a for _, a in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if a]
    date = _date(_header(msg, "Date"))

    plain: list[str] = []
    html: list[str] = []
    links: list[str] = []
    calendars: list[CalendarEvent] = []
    attachments: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename() or ""
        if filename:
            attachments.append(filename)
        if ctype == "text/calendar" or filename.lower().endswith((".ics", ".ical", ".vcs")):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                calendars.extend(parse_calendar(payload, default_tz=date.tzinfo if date else None))
            continue
        if part.get_content_disposition() == "attachment":
            continue
        if ctype == "text/plain":
            plain.append(_text_of(part))
        elif ctype == "text/html":
            html.append(_text_of(part))

    html_text = ""
    for doc in html:
        t, ls = html_to_text(doc)
        html_text += t + "\n"
        links.extend(ls)
    text = "\n".join(plain).strip()
    if len(text) < 20 and html_text.strip():
        text = html_text.strip()
    links.extend(_URL_RE.findall(text))

    refs = " ".join([_header(msg, "In-Reply-To"), _header(msg, "References")])
    unsubscribe = _header(msg, "List-Unsubscribe").strip()
    precedence = _header(msg, "Precedence").strip().lower()
    auto = _header(msg, "Auto-Submitted").strip().lower()
    return ParsedEmail(
        message_id=(_header(msg, "Message-ID").strip() or None),
        subject=_header(msg, "Subject").strip(),
        from_name=from_name.strip().strip('"'),
        from_addr=from_addr.strip().lower(),
        to_addrs=[a.lower() for a in to_addrs],
        date=date,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        links=_dedupe(links),
        calendars=calendars,
        references=re.findall(r"<[^<>\s]+>", refs),
        bulk=bool(unsubscribe) or precedence in ("bulk", "list", "junk"),
        attachment_names=attachments,
        list_unsubscribe=bool(unsubscribe),
        precedence=precedence,
        auto_submitted=auto not in ("", "no"),
        reply_to=parseaddr(_header(msg, "Reply-To"))[1].strip().lower(),
    )


_URL_RE = re.compile(r"https?://[^\s<>\"')\]]+")


def _header(msg: Message, name: str) -> str:
    value = msg.get(name)
    if value is None:
        return ""
    if isinstance(value, Header):
        value = str(value)
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError, HeaderParseError):
        return str(value)


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if dt.tzinfo is None:
        return None
    return dt


def _text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        from charset_normalizer import from_bytes

        best = from_bytes(payload).best()
        return str(best) if best is not None else payload.decode("latin-1")


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        cleaned = item.rstrip(".,;:!?")
        if cleaned not in seen:
            seen.add(cleaned)
            out.append(cleaned)
    return out


_QUOTE_HEADS = re.compile(
    r"^(?:On .{4,200}wrote:|Am .{4,200}schrieb .{1,120}:|Le .{4,200}a écrit\s*:|"
    r"El .{4,200}escribió:|-{2,}\s*Original Message\s*-{2,}|"
    r"-{2,}\s*Ursprüngliche Nachricht\s*-{2,}|"
    r"-{2,}\s*Message d'origine\s*-{2,}|-{2,}\s*Mensaje original\s*-{2,}|"
    r"From: .{1,200}\n(?:Sent|Date): )",
    re.MULTILINE,
)
_FORWARD_HEAD = re.compile(
    r"^-{3,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré|"
    r"Mensaje reenviado)\s*-{3,}\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_FORWARD_HEADER_LINE = re.compile(
    r"^(?:From|Date|Sent|Subject|To|Cc|Von|Datum|Betreff|An|De|Envoyé|Objet|À|Para|Asunto|Fecha"
    r"|Enviado)\s*:.*$"
)


def strip_quoted(text: str) -> str:
    """The new part of a message: forwarded content is kept (without its header block), quoted
    replies ("On ... wrote:", "> ...") are dropped."""
    forward = _FORWARD_HEAD.search(text)
    if forward:
        before = text[: forward.start()]
        after_lines = text[forward.end() :].lstrip("\n").split("\n")
        i = 0
        while i < len(after_lines) and _FORWARD_HEADER_LINE.match(after_lines[i].strip()):
            i += 1
        text = before + "\n" + "\n".join(after_lines[i:])
        return strip_quoted(text)
    head = _QUOTE_HEADS.search(text)
    if head and head.start() > 0:
        text = text[: head.start()]
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
