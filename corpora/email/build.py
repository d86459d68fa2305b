"""Assemble the labelled email corpus from the hand-written specs in src/.

Each spec file in src/<split>/ holds records like

    ### b001
    category: interview_invitation
    template: greenhouse
    from: Northwind Recruiting <no-reply@us.greenhouse-mail.io>
    to: Sam Okafor <sam.okafor@gmail.com>
    date: 2024-03-11 09:42 America/Chicago
    subject: Next steps
    ...
    ---
    The hand-written body, with [links](https://...), **bold** and "- " bullets.

This script only wraps those bodies in MIME: headers, the HTML alternative, the sender's footer,
calendar parts, quoted earlier messages in replies. It is deterministic (boundaries, Message-IDs
and UIDs come from the record id), so re-running it reproduces the committed bytes.

    uv run python corpora/email/build.py blind|dev [--review]

The blind split is frozen: building it refuses to write anything that would change its digest.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import quopri
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.corpora.frozen import frozen_digest, split_label_lines  # noqa: E402

CATEGORIES = (
    "interview_invitation",
    "interview_scheduled",
    "interview_rescheduled",
    "interview_cancelled",
    "rejection",
    "assessment",
    "offer",
    "application_received",
    "other",
)
INTERVIEW = {"interview_invitation", "interview_scheduled", "interview_rescheduled"}
KINDS = ("phone", "video", "onsite", "unknown")
RECIPIENTS = ("candidate", "interviewer", "other")
LANGUAGES = ("en", "de", "fr", "es", "pt", "nl", "it")


@dataclass(frozen=True)
class Template:
    """How one kind of sender dresses its mail; the words are always the record's own."""

    fmt: str = "alt"  # alt | html | text
    auto: bool = False  # Auto-Submitted: auto-generated
    bulk: bool = False  # Precedence: bulk + List-Unsubscribe
    msgid: str = "from"  # gmail | outlook | google_calendar | from | <domain>
    style: str = "ats"  # html look: gmail | outlook | ats | bulk | calendar
    footer: str = ""
    cte: str = "qp"
    ics_style: str = "attach"  # google | outlook | attach
    ics_mode: str = "tzid"  # utc | tzid | windows
    prodid: str = "-//Career Corpus//Scheduling//EN"
    extra: tuple[tuple[str, str], ...] = ()


ATS = {"auto": True, "style": "ats"}
BULK = {"auto": False, "bulk": True, "style": "bulk"}
TEMPLATES: dict[str, Template] = {
    # Applicant tracking systems
    "greenhouse": Template(**ATS, msgid="us.greenhouse-mail.io", footer="Powered by Greenhouse"),
    "lever": Template(**ATS, msgid="hire.lever.co", footer="Sent via Lever"),
    "workday": Template(**ATS, msgid="myworkday.com", fmt="html"),
    "ashby": Template(**ATS, msgid="ashbyhq.com", footer="Powered by Ashby"),
    "icims": Template(**ATS, msgid="talent.icims.com", cte="b64"),
    "smartrecruiters": Template(
        **ATS, msgid="email.smartrecruiters.com", footer="Powered by SmartRecruiters"
    ),
    "taleo": Template(**ATS, msgid="taleo.net", fmt="html", cte="b64"),
    "successfactors": Template(**ATS, msgid="successfactors.eu", fmt="html"),
    "workable": Template(**ATS, msgid="workablemail.com", footer="Sent with Workable"),
    "recruitee": Template(**ATS, msgid="recruitee.com", footer="Powered by Recruitee"),
    "bamboohr": Template(**ATS, msgid="bamboohr.com", footer="Powered by BambooHR"),
    "teamtailor": Template(**ATS, msgid="teamtailor-mail.com", footer="Sent with Teamtailor"),
    "personio": Template(**ATS, msgid="personio.de", footer="Powered by Personio"),
    "jobvite": Template(**ATS, msgid="jobvite.com", fmt="html", cte="b64"),
    "indeed": Template(**ATS, msgid="indeed.com", footer="© Indeed. All rights reserved."),
    # Scheduling tools and assessment platforms
    "calendly": Template(
        **ATS, msgid="calendly.com", ics_mode="utc", footer="Powered by Calendly.com"
    ),
    "goodtime": Template(**ATS, msgid="goodtime.io", ics_style="outlook"),
    "modernloop": Template(**ATS, msgid="modernloop.io", ics_mode="utc"),
    "gem": Template(auto=False, style="gmail", msgid="gmail", cte="7bit"),
    "microsoft_bookings": Template(
        **ATS, msgid="outlook", ics_style="outlook", ics_mode="windows", cte="b64"
    ),
    "doodle": Template(**ATS, msgid="doodle.com", ics_mode="utc"),
    "zoom": Template(**ATS, msgid="zoom.us", ics_mode="tzid"),
    "hirevue": Template(**ATS, msgid="hirevue.com"),
    "hackerrank": Template(**ATS, msgid="hackerrankforwork.com", footer="HackerRank"),
    "codesignal": Template(**ATS, msgid="codesignal.com", footer="CodeSignal"),
    # Calendars
    "google_calendar": Template(
        auto=False,
        style="calendar",
        msgid="google_calendar",
        ics_style="google",
        ics_mode="utc",
        prodid="-//Google Inc//Google Calendar 70.9054//EN",
        footer="Invitation from Google Calendar\n\nYou are receiving this email because you "
        "are an attendee on the event. To stop receiving future updates for this event, "
        "decline this event.",
    ),
    "outlook_calendar": Template(
        auto=False,
        style="outlook",
        msgid="outlook",
        cte="b64",
        ics_style="outlook",
        ics_mode="windows",
        prodid="Microsoft Exchange Server 2010",
    ),
    # People
    "recruiter_plain": Template(auto=False, style="gmail", msgid="from", cte="7bit"),
    "hiring_manager_plain": Template(auto=False, style="gmail", msgid="gmail", cte="7bit"),
    "staffing_agency": Template(auto=False, style="outlook", msgid="outlook", cte="qp"),
    "internal_interviewer": Template(auto=False, style="outlook", msgid="outlook", cte="qp"),
    "campus": Template(**BULK, msgid="from"),
    "handshake": Template(**BULK, msgid="joinhandshake.com"),
    # Bulk and everything else
    "newsletter": Template(**BULK),
    "job_alert": Template(**{**BULK, "auto": True}),
    "linkedin": Template(**{**BULK, "auto": True}, msgid="linkedin.com"),
    "marketing": Template(**BULK),
    "ats_vendor_marketing": Template(**BULK),
    "webinar": Template(**{**BULK, "auto": True}, ics_mode="utc"),
    "meetup": Template(**{**BULK, "auto": True}, msgid="meetup.com", ics_mode="utc"),
    "podcast": Template(**BULK),
    "survey": Template(**{**ATS, "bulk": False}),
    "receipt": Template(**ATS),
    "appointment_reminder": Template(**ATS, ics_mode="tzid"),
    "government": Template(**ATS, fmt="text", cte="7bit"),
    "personal": Template(auto=False, style="gmail", msgid="gmail", cte="7bit"),
}

WINDOWS_ZONES = {
    "America/Los_Angeles": "Pacific Standard Time",
    "America/Denver": "Mountain Standard Time",
    "America/Chicago": "Central Standard Time",
    "America/New_York": "Eastern Standard Time",
    "America/Toronto": "Eastern Standard Time",
    "America/Mexico_City": "Central Standard Time (Mexico)",
    "America/Bogota": "SA Pacific Standard Time",
    "America/Sao_Paulo": "E. South America Standard Time",
    "America/Argentina/Buenos_Aires": "Argentina Standard Time",
    "Europe/London": "GMT Standard Time",
    "Europe/Dublin": "GMT Standard Time",
    "Europe/Lisbon": "GMT Standard Time",
    "Europe/Berlin": "W. Europe Standard Time",
    "Europe/Amsterdam": "W. Europe Standard Time",
    "Europe/Zurich": "W. Europe Standard Time",
    "Europe/Vienna": "W. Europe Standard Time",
    "Europe/Rome": "W. Europe Standard Time",
    "Europe/Paris": "Romance Standard Time",
    "Europe/Brussels": "Romance Standard Time",
    "Europe/Madrid": "Romance Standard Time",
    "Europe/Warsaw": "Central European Standard Time",
    "Asia/Kolkata": "India Standard Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Asia/Tokyo": "Tokyo Standard Time",
    "Australia/Sydney": "AUS Eastern Standard Time",
    "UTC": "UTC",
}

# Daylight-saving rules as calendars write them in VTIMEZONE blocks: (month, BYDAY, local hour).
DST_RULES = {
    "us": ((3, "2SU", 2), (11, "1SU", 2)),
    "eu": ((3, "-1SU", 2), (10, "-1SU", 3)),
    "uk": ((3, "-1SU", 1), (10, "-1SU", 2)),
    "au": ((10, "1SU", 2), (4, "1SU", 3)),
}

QUOTE_INTRO = {
    "en": "On {date} {who} wrote:",
    "de": "Am {date} schrieb {who}:",
    "fr": "Le {date}, {who} a écrit :",
    "es": "El {date}, {who} escribió:",
    "pt": "Em {date}, {who} escreveu:",
    "nl": "Op {date} schreef {who}:",
    "it": "Il giorno {date} {who} ha scritto:",
}
OUTLOOK_QUOTE = {
    "en": ("From", "Sent", "To", "Subject"),
    "de": ("Von", "Gesendet", "An", "Betreff"),
    "fr": ("De", "Envoyé", "À", "Objet"),
    "es": ("De", "Enviado", "Para", "Asunto"),
    "pt": ("De", "Enviado", "Para", "Assunto"),
    "nl": ("Van", "Verzonden", "Aan", "Onderwerp"),
    "it": ("Da", "Inviato", "A", "Oggetto"),
}

KNOWN_KEYS = {
    "category",
    "company",
    "role",
    "kind",
    "lang",
    "template",
    "from",
    "reply-to",
    "sender",
    "to",
    "cc",
    "date",
    "subject",
    "format",
    "cte",
    "charset",
    "starts",
    "tz",
    "hard",
    "recipient",
    "notes",
    "thread",
    "quote",
    "via",
    "auto",
    "bulk",
    "preheader",
    "footer",
    "attach",
    "ics",
    "ics.start",
    "ics.dur",
    "ics.summary",
    "ics.location",
    "ics.organizer",
    "ics.attendees",
    "ics.uid",
    "ics.seq",
    "ics.description",
    "ics.mode",
    "ics.style",
}


DAYS = {
    "de": ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    "pt": ("seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."),
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "it": ("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
}
MONTHS = {
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "es": "ene feb mar abr may jun jul ago sept oct nov dic",
    "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "it": "gen feb mar apr mag giu lug ago set ott nov dic",
}
DATE_FORMATS = {
    "de": "{day}, {d}. {mon} {y} um {hm}",
    "fr": "{day} {d} {mon} {y} à {hm}",
    "es": "{day}, {d} {mon} {y} a las {hm}",
    "pt": "{day}, {d} de {mon} de {y} às {hm}",
    "nl": "{day} {d} {mon} {y} om {hm}",
    "it": "{day} {d} {mon} {y} alle ore {hm}",
}


def local_date(when: datetime, lang: str) -> str:
    """A date as a mail client in that language writes it above a quote."""
    if lang not in DATE_FORMATS:
        return when.strftime("%a, %b %-d, %Y at %-I:%M %p")
    return DATE_FORMATS[lang].format(
        day=DAYS[lang][when.weekday()],
        d=when.day,
        mon=MONTHS[lang].split()[when.month - 1],
        y=when.year,
        hm=when.strftime("%H:%M"),
    )


def outlook_date(when: datetime, lang: str) -> str:
    if lang == "en":
        return when.strftime("%A, %B %-d, %Y %-I:%M %p")
    return local_date(when, lang)


class SpecError(Exception):
    pass


@dataclass
class Record:
    rid: str
    split: str
    source: str
    keys: dict[str, str]
    body: str
    via_body: str = ""
    html_body: str = ""
    message_id: str = ""
    references: list[str] = field(default_factory=list)
    text_rendered: str = ""
    text_full: str = ""
    sent: datetime | None = None


# ---------------------------------------------------------------- spec parsing


def parse_specs(split: str) -> list[Record]:
    records: list[Record] = []
    for path in sorted((HERE / "src" / split).glob("*.txt")):
        chunks = re.split(r"^### ", path.read_text(encoding="utf-8"), flags=re.M)
        for chunk in chunks[1:]:
            records.append(parse_record(chunk, split, path.name))
    seen: set[str] = set()
    for rec in records:
        if rec.rid in seen:
            raise SpecError(f"{rec.rid}: duplicate id")
        seen.add(rec.rid)
    return records


def parse_record(chunk: str, split: str, source: str) -> Record:
    head, _, rest = chunk.partition("\n")
    rid = head.strip()
    header_text, sep, body = rest.partition("\n---\n")
    if not sep:
        raise SpecError(f"{rid}: no '---' line before the body")
    keys: dict[str, str] = {}
    for line in header_text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in KNOWN_KEYS:
            raise SpecError(f"{rid}: bad header line {line!r}")
        keys[key] = value.strip()
    sections = re.split(r"^--- (via|html)\n", body, flags=re.M)
    rec = Record(rid, split, source, keys, sections[0].strip("\n") + "\n")
    for name, text in zip(sections[1::2], sections[2::2], strict=True):
        if name == "via":
            rec.via_body = text.strip("\n") + "\n"
        else:
            rec.html_body = text.strip("\n") + "\n"
    return rec


def parse_when(value: str) -> datetime:
    """'2024-03-14 14:00 America/Los_Angeles' → aware datetime."""
    parts = value.split()
    if len(parts) != 3:
        raise SpecError(f"bad time {value!r}")
    return datetime.fromisoformat(f"{parts[0]}T{parts[1]}").replace(tzinfo=ZoneInfo(parts[2]))


def digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------- rendering

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def render_text(body: str) -> str:
    def link(m: re.Match[str]) -> str:
        text, url = m.group(1), m.group(2)
        return url if text == url else f"{text} ({url})"

    return BOLD.sub(r"\1", LINK.sub(link, body))


def inline_html(line: str) -> str:
    out, pos = [], 0
    for m in LINK.finditer(line):
        out.append(html.escape(line[pos : m.start()], quote=False))
        out.append(
            f'<a href="{html.escape(m.group(2))}">{html.escape(m.group(1), quote=False)}</a>'
        )
        pos = m.end()
    out.append(html.escape(line[pos:], quote=False))
    return BOLD.sub(r"<strong>\1</strong>", "".join(out))


def blocks_html(body: str, p_open: str, p_close: str) -> str:
    parts: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip("\n")):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{inline_html(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        elif all(line.startswith(">") for line in lines):
            inner = "<br>\n".join(inline_html(line[1:].lstrip()) for line in lines)
            parts.append(
                '<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;'
                f'padding-left:1ex">{inner}</blockquote>'
            )
        else:
            parts.append(p_open + "<br>\n".join(inline_html(line) for line in lines) + p_close)
    return "\n".join(parts)


def render_html(rec: Record, tpl: Template, body: str, footer: str, quote_html: str) -> str:
    if rec.html_body:
        return rec.html_body
    lang = rec.keys.get("lang", "en")
    foot = blocks_html(footer, "<p>", "</p>") if footer else ""
    if tpl.style == "gmail":
        inner = blocks_html(body, "<div>", "</div><div><br></div>")
        return f'<div dir="ltr">{inner}{foot}</div>{quote_html}\n'
    if tpl.style == "outlook":
        inner = blocks_html(body, '<p class="MsoNormal">', "</p>")
        return (
            '<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            "<style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:Calibri,sans-serif;}"
            "</style>\n</head>\n"
            f'<body lang="{lang.upper()}" link="#0563C1">\n<div class="WordSection1">\n'
            f"{inner}\n{foot}\n</div>\n{quote_html}</body>\n</html>\n"
        )
    if tpl.style == "calendar":
        inner = blocks_html(body, '<p style="margin:0 0 12px 0">', "</p>")
        return (
            '<!doctype html><html><body style="font-family:Roboto,Arial,sans-serif;'
            'color:#3c4043">\n<div style="max-width:600px">\n'
            f'{inner}\n<div style="font-size:11px;color:#70757a">{foot}</div>\n'
            "</div>\n</body></html>\n"
        )
    pre = rec.keys.get("preheader", "")
    preheader = (
        f'<span style="display:none;max-height:0;overflow:hidden">{html.escape(pre)}</span>\n'
        if pre
        else ""
    )
    inner = blocks_html(body, '<p style="margin:0 0 14px 0;line-height:1.5">', "</p>")
    width = "640" if tpl.style == "bulk" else "560"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"></head>\n'
        '<body style="margin:0;background:#f4f5f7">\n'
        f"{preheader}"
        f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0">'
        f'<tr><td align="center">\n<table role="presentation" width="{width}" '
        'style="background:#ffffff;font-family:Helvetica,Arial,sans-serif;font-size:15px;'
        'color:#222">\n<tr><td style="padding:28px 32px">\n'
        f"{inner}\n</td></tr>\n"
        f'<tr><td style="padding:16px 32px;font-size:12px;color:#888">{foot}</td></tr>\n'
        "</table>\n</td></tr></table>\n"
        '<img src="https://t.example-mail.net/o/'
        f'{digest(rec.rid)[:20]}.gif" width="1" height="1" alt="">\n'
        "</body>\n</html>\n"
    )


# ---------------------------------------------------------------- quoting


def quote_parent(rec: Record, parent: Record, style: str) -> tuple[str, str]:
    """The quoted earlier message a mail client appends to a reply: (text, html)."""
    lang = rec.keys.get("lang", "en")
    assert rec.sent is not None and parent.sent is not None
    when = parent.sent.astimezone(rec.sent.tzinfo)
    name, addr = parseaddr(parent.keys["from"])
    quoted_text = parent.text_full.rstrip("\n")
    if rec.via_body:
        via_name, via_addr = parseaddr(rec.keys["via"].split("|")[0].strip())
        via_when = parse_when(rec.keys["via"].split("|")[1].strip()).astimezone(rec.sent.tzinfo)
        inner_intro = QUOTE_INTRO[lang].format(date=local_date(when, lang), who=f"{name} <{addr}>")
        inner = "\n".join("> " + line if line else ">" for line in quoted_text.split("\n"))
        quoted_text = render_text(rec.via_body).rstrip("\n") + "\n\n" + inner_intro + "\n" + inner
        name, addr, when = via_name, via_addr, via_when
    if style == "outlook":
        labels = OUTLOOK_QUOTE[lang]
        block = (
            "________________________________\n"
            f"{labels[0]}: {name} <{addr}>\n"
            f"{labels[1]}: {outlook_date(when, lang)}\n"
            f"{labels[2]}: {rec.keys['from'] if rec.via_body else parent.keys['to']}\n"
            f"{labels[3]}: {parent.keys['subject']}\n\n"
            f"{quoted_text}\n"
        )
        html_block = (
            '<hr style="display:inline-block;width:98%">\n<div id="divRplyFwdMsg">'
            + "<br>\n".join(html.escape(line) for line in block.split("\n")[1:])
            + "</div>\n"
        )
        return "\n" + block, html_block
    intro = QUOTE_INTRO[lang].format(date=local_date(when, lang), who=f"{name} <{addr}>")
    lines = "\n".join("> " + line if line else ">" for line in quoted_text.split("\n"))
    html_block = (
        f'<div class="gmail_quote"><div class="gmail_attr">{html.escape(intro)}</div>'
        '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;'
        'padding-left:1ex">'
        + "<br>\n".join(html.escape(line) for line in quoted_text.split("\n"))
        + "</blockquote></div>\n"
    )
    return f"\n{intro}\n{lines}\n", html_block


# ---------------------------------------------------------------- calendar


def ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    out, cur = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((cur + ch).encode()) > limit:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return "\n ".join(out)


def vtimezone(zone: str, tzid: str, year: int) -> list[str]:
    zi = ZoneInfo(zone)
    winter = datetime(year, 1, 15, 12, tzinfo=zi)
    summer = datetime(year, 7, 15, 12, tzinfo=zi)
    family = None
    if winter.utcoffset() != summer.utcoffset():
        if zone.startswith("America/"):
            family = "us"
        elif zone in ("Europe/London", "Europe/Dublin", "Europe/Lisbon"):
            family = "uk"
        elif zone.startswith("Europe/"):
            family = "eu"
        elif zone.startswith("Australia/"):
            family = "au"
        else:
            raise SpecError(f"no DST rule for {zone}")

    def offset(dt: datetime) -> str:
        off = dt.utcoffset()
        assert off is not None
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"

    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    if family is None:
        lines += [
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            f"TZOFFSETFROM:{offset(winter)}",
            f"TZOFFSETTO:{offset(winter)}",
            f"TZNAME:{winter.tzname()}",
            "END:STANDARD",
        ]
    else:
        south = family == "au"
        std, dst = (summer, winter) if south else (winter, summer)
        (dmon, dday, dhour), (smon, sday, shour) = DST_RULES[family]
        lines += [
            "BEGIN:DAYLIGHT",
            f"TZOFFSETFROM:{offset(std)}",
            f"TZOFFSETTO:{offset(dst)}",
            f"TZNAME:{dst.tzname()}",
            f"DTSTART:1970{dmon:02d}01T{dhour:02d}0000",
            f"RRULE:FREQ=YEARLY;BYMONTH={dmon};BYDAY={dday}",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            f"TZOFFSETFROM:{offset(dst)}",
            f"TZOFFSETTO:{offset(std)}",
            f"TZNAME:{std.tzname()}",
            f"DTSTART:1970{smon:02d}01T{shour:02d}0000",
            f"RRULE:FREQ=YEARLY;BYMONTH={smon};BYDAY={sday}",
            "END:STANDARD",
        ]
    return [*lines, "END:VTIMEZONE"]


def attendee_lines(rec: Record) -> list[str]:
    roles = {
        "REQ": "REQ-PARTICIPANT",
        "OPT": "OPT-PARTICIPANT",
        "CHAIR": "CHAIR",
        "NON": "NON-PARTICIPANT",
    }
    out = []
    spec = rec.keys.get("ics.attendees")
    if spec:
        entries = []
        for item in spec.split(";"):
            words = item.strip().rsplit(" ", 2)
            entries.append((words[0], roles[words[1]], words[2]))
    else:
        org = rec.keys.get("ics.organizer", rec.keys["from"])
        entries = [(org, "CHAIR", "ACCEPTED")]
        entries += [(a, "REQ-PARTICIPANT", "NEEDS-ACTION") for a in split_addresses(rec.keys["to"])]
    for who, role, partstat in entries:
        name, addr = parseaddr(who)
        cn = f";CN={name}" if name else ""
        rsvp = "TRUE" if partstat == "NEEDS-ACTION" else "FALSE"
        out.append(
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE={role};PARTSTAT={partstat};RSVP={rsvp}{cn}:mailto:{addr}"
        )
    return out


def split_addresses(value: str) -> list[str]:
    return [formataddr(pair) for pair in getaddresses([value])]


def build_ics(
    rec: Record, tpl: Template, uids: dict[str, str], description: str
) -> tuple[str, str]:
    method = rec.keys["ics"].upper()
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise SpecError(f"{rec.rid}: bad ics method {method}")
    start_spec = rec.keys.get("ics.start") or rec.keys.get("starts")
    if not start_spec or start_spec == "null":
        raise SpecError(f"{rec.rid}: calendar part needs ics.start or starts")
    start = parse_when(start_spec)
    end = start + timedelta(minutes=int(rec.keys.get("ics.dur", "30")))
    mode = rec.keys.get("ics.mode", tpl.ics_mode)
    zone = str(start.tzinfo)
    assert rec.sent is not None
    stamp = rec.sent.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    uid_ref = rec.keys.get("ics.uid")
    if uid_ref:
        uid = uids[uid_ref]
    elif tpl.msgid == "google_calendar":
        uid = digest(rec.rid, "uid")[:26] + "@google.com"
    elif mode == "windows":
        uid = "040000008200E00074C5B7101A82E008" + digest(rec.rid, "uid")[:56].upper()
    else:
        uid = digest(rec.rid, "uid")[:32] + "@" + parseaddr(rec.keys["from"])[1].split("@")[1]
    uids[rec.rid] = uid
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{tpl.prodid}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if mode == "utc":
        fmt = "%Y%m%dT%H%M%SZ"
        dtstart = "DTSTART:" + start.astimezone(ZoneInfo("UTC")).strftime(fmt)
        dtend = "DTEND:" + end.astimezone(ZoneInfo("UTC")).strftime(fmt)
    else:
        tzid = WINDOWS_ZONES[zone] if mode == "windows" else zone
        lines += vtimezone(zone, tzid, start.year)
        dtstart = f"DTSTART;TZID={tzid}:" + start.strftime("%Y%m%dT%H%M%S")
        dtend = f"DTEND;TZID={tzid}:" + end.strftime("%Y%m%dT%H%M%S")
    org_name, org_addr = parseaddr(rec.keys.get("ics.organizer", rec.keys["from"]))
    summary = rec.keys.get("ics.summary") or rec.keys["subject"]
    lines += ["BEGIN:VEVENT", dtstart, dtend, f"DTSTAMP:{stamp}"]
    lines.append(
        f"ORGANIZER;CN={org_name}:mailto:{org_addr}" if org_name else f"ORGANIZER:mailto:{org_addr}"
    )
    lines.append(f"UID:{uid}")
    if method != "PUBLISH":
        lines += attendee_lines(rec)
    lines += [
        f"CREATED:{stamp}",
        "DESCRIPTION:" + ics_escape(rec.keys.get("ics.description", description).strip()),
        f"LAST-MODIFIED:{stamp}",
        "LOCATION:" + ics_escape(rec.keys.get("ics.location", "")),
        f"SEQUENCE:{rec.keys.get('ics.seq', '1' if method == 'CANCEL' else '0')}",
        "STATUS:" + ("CANCELLED" if method == "CANCEL" else "CONFIRMED"),
        "SUMMARY:" + ics_escape(summary),
        "TRANSP:OPAQUE",
    ]
    if method == "REQUEST":
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:This is an event reminder",
            "TRIGGER:-P0DT0H15M0S",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return method, "\n".join(ics_fold(line) for line in lines) + "\n"


# ---------------------------------------------------------------- MIME


def encode_header(value: str, charset: str) -> str:
    if value.isascii():
        return Header(value, "us-ascii", header_name="Subject").encode(linesep="\n")
    try:
        value.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"  # mail clients fall back the same way for the headers
    return Header(value, charset).encode(linesep="\n")


def encode_addresses(value: str, charset: str) -> str:
    out = []
    for name, addr in getaddresses([value]):
        if name and not name.isascii():
            cs = charset if charset in ("iso-8859-1", "windows-1252") else "utf-8"
            out.append(f"{Header(name, cs).encode()} <{addr}>")
        else:
            out.append(formataddr((name, addr)))
    return ", ".join(out)


def encode_body(text: str, charset: str, cte: str) -> tuple[str, str]:
    """(Content-Transfer-Encoding, encoded body with LF line ends) for a text part."""
    data = text.encode(charset)
    if cte == "7bit" and not text.isascii():
        cte = "qp"
    if cte == "b64":
        crlf = text.replace("\n", "\r\n").encode(charset)
        raw = base64.b64encode(crlf).decode()
        return "base64", "\n".join(raw[i : i + 76] for i in range(0, len(raw), 76)) + "\n"
    if cte == "qp":
        return "quoted-printable", quopri.encodestring(data).decode("ascii")
    if cte == "8bit" or any(len(line) > 900 for line in text.split("\n")):
        # Lines stay as the charset's bytes; serialise() carries them through surrogateescape.
        if any(len(line) > 900 for line in text.split("\n")):
            return "quoted-printable", quopri.encodestring(data).decode("ascii")
        return ("8bit" if not text.isascii() else "7bit"), data.decode("ascii", "surrogateescape")
    return "7bit", text


@dataclass
class Part:
    headers: list[tuple[str, str]]
    body: str = ""
    children: list[Part] = field(default_factory=list)
    boundary: str = ""


def leaf(
    ctype: str, text: str, charset: str, cte: str, extra: list[tuple[str, str]] | None = None
) -> Part:
    enc, body = encode_body(text, charset, cte)
    headers = [
        ("Content-Type", f'{ctype}; charset="{charset}"'),
        ("Content-Transfer-Encoding", enc),
    ]
    return Part(headers + (extra or []), body)


def multipart(subtype: str, children: list[Part], boundary: str) -> Part:
    return Part(
        [("Content-Type", f'multipart/{subtype}; boundary="{boundary}"')], "", children, boundary
    )


def serialise(part: Part) -> str:
    head = "".join(f"{k}: {v}\n" for k, v in part.headers)
    if not part.children:
        return head + "\n" + part.body
    out = [head, "\n"]
    for child in part.children:
        out.append(f"--{part.boundary}\n")
        out.append(serialise(child).rstrip("\n") + "\n")
    out.append(f"--{part.boundary}--\n")
    return "".join(out)


def make_boundary(rec: Record, tpl: Template, n: int) -> str:
    h = digest(rec.rid, "boundary", str(n))
    if tpl.msgid in ("gmail", "google_calendar"):
        return "000000000000" + h[:16]
    if tpl.style == "outlook":
        return f"_00{n}_{h[:20].upper()}namp_"
    return f"----=_Part_{int(h[:8], 16) % 900000 + 100000}_{int(h[8:16], 16)}.{n}"


def make_message_id(rec: Record, tpl: Template) -> str:
    h = digest(rec.rid, "msgid")
    addr = parseaddr(rec.keys["from"])[1]
    domain = addr.split("@")[1]
    if tpl.msgid == "gmail" or (tpl.msgid == "from" and domain == "gmail.com"):
        token = base64.b64encode(bytes.fromhex(h[:48])).decode().replace("/", "_")
        return f"<CA{token}@mail.gmail.com>"
    if tpl.msgid == "outlook":
        region = ["NAM", "EUR", "GBR", "BRA"][int(h[:2], 16) % 4]
        left = f"{h[:4].upper()}{region}PR{int(h[4:6], 16) % 20:02d}MB{int(h[6:10], 16) % 9999:04d}"
        host = f"{region}PR{int(h[30:32], 16) % 20:02d}MB{int(h[32:36], 16) % 9999:04d}"
        pod = f"{region.lower()}prd{int(h[36:38], 16) % 20:02d}"
        return f"<{left}{h[10:30].upper()}@{host}.{pod}.prod.outlook.com>"
    if tpl.msgid == "google_calendar":
        return f"<calendar-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@google.com>"
    if tpl.msgid == "from":
        return f"<{h[:12]}.{h[12:24]}@{domain}>"
    return f"<{h[:20]}.{int(h[20:28], 16)}@{tpl.msgid}>"


def assemble(rec: Record, by_id: dict[str, Record], uids: dict[str, str]) -> bytes:
    keys = rec.keys
    tpl = TEMPLATES[keys["template"]]
    charset = keys.get("charset", "utf-8")
    cte = keys.get("cte", tpl.cte)
    fmt = keys.get("format", tpl.fmt)
    bulk = keys.get("bulk", "yes" if tpl.bulk else "no") == "yes"
    footer = keys.get("footer", tpl.footer).replace("\\n", "\n")
    auto = keys.get("auto", "yes" if tpl.auto else "no") == "yes"
    from_addr = parseaddr(keys["from"])[1]
    domain = from_addr.split("@")[1]
    if bulk and "footer" not in keys:
        footer = (
            f"You are receiving this email because you subscribed at {domain}. "
            f"[Unsubscribe](https://{domain}/unsubscribe) · [Email preferences](https://{domain}/preferences)"
        )

    body_text = render_text(rec.body)
    rec.text_rendered = body_text
    text = body_text + (f"\n--\n{render_text(footer)}\n" if footer else "")
    quote_html = ""
    parent = by_id.get(keys.get("thread", ""))
    if parent is not None:
        style = keys.get("quote", "gmail")
        if style != "none":
            qtext, quote_html = quote_parent(rec, parent, style)
            text = text + qtext
    rec.text_full = text
    html_text = render_html(rec, tpl, rec.body, footer, quote_html)
    if charset != "utf-8":
        html_text = html_text.replace('charset="utf-8"', f'charset="{charset}"')
        html_text = html_text.replace("charset=utf-8", f"charset={charset}")

    n = 0

    def boundary() -> str:
        nonlocal n
        n += 1
        return make_boundary(rec, tpl, n)

    text_cte = "qp" if cte == "7bit" and not text.isascii() else cte
    text_part = leaf("text/plain", text, charset, text_cte)
    html_part = leaf("text/html", html_text, charset, "qp" if cte == "7bit" else cte)
    if fmt == "text":
        body_parts = [text_part]
    elif fmt == "html":
        body_parts = [html_part]
    elif fmt == "alt":
        body_parts = [text_part, html_part]
    else:
        raise SpecError(f"{rec.rid}: bad format {fmt}")

    calendar: Part | None = None
    attachment_parts: list[Part] = []
    if "ics" in keys:
        method, ics = build_ics(rec, tpl, uids, body_text)
        style = keys.get("ics.style", tpl.ics_style)
        cal_cte = "b64" if style in ("outlook", "attach") and tpl.cte == "b64" else "7bit"
        if style == "google":
            calendar = leaf(f"text/calendar; method={method}", ics, "UTF-8", "7bit")
            raw = base64.b64encode(ics.replace("\n", "\r\n").encode()).decode()
            attachment_parts.append(
                Part(
                    [
                        ("Content-Type", 'application/ics; name="invite.ics"'),
                        ("Content-Disposition", 'attachment; filename="invite.ics"'),
                        ("Content-Transfer-Encoding", "base64"),
                    ],
                    "\n".join(raw[i : i + 76] for i in range(0, len(raw), 76)) + "\n",
                )
            )
        elif style == "outlook":
            calendar = leaf(f"text/calendar; method={method}", ics, "utf-8", cal_cte)
        else:
            fname = "invite"
            attachment_parts.append(
                leaf(
                    f"text/calendar; method={method}",
                    ics,
                    "utf-8",
                    "b64",
                    [("Content-Disposition", f'attachment; filename="{fname}.ics"')],
                )
            )
    for att in filter(None, keys.get("attach", "").split(",")):
        att = att.strip()
        pdf = minimal_pdf(rec, att)
        raw = base64.b64encode(pdf).decode()
        attachment_parts.append(
            Part(
                [
                    ("Content-Type", f'application/pdf; name="{att}"'),
                    ("Content-Disposition", f'attachment; filename="{att}"'),
                    ("Content-Transfer-Encoding", "base64"),
                ],
                "\n".join(raw[i : i + 76] for i in range(0, len(raw), 76)) + "\n",
            )
        )

    if calendar is not None:
        body_parts = [*body_parts, calendar]
    root = (
        body_parts[0] if len(body_parts) == 1 else multipart("alternative", body_parts, boundary())
    )
    if attachment_parts:
        root = multipart("mixed", [root, *attachment_parts], boundary())

    assert rec.sent is not None
    headers: list[tuple[str, str]] = []
    headers.append(
        (
            "Return-Path",
            f"<bounces+{digest(rec.rid)[:10]}@{domain}>" if auto or bulk else f"<{from_addr}>",
        )
    )
    headers.append(("MIME-Version", "1.0"))
    headers.append(("Date", format_datetime(rec.sent)))
    headers.append(("Message-ID", rec.message_id))
    if rec.references:
        parent_id = rec.references[-1]
        headers.append(("In-Reply-To", parent_id))
        headers.append(("References", " ".join(rec.references)))
    headers.append(("Subject", encode_header(keys["subject"], charset)))
    headers.append(("From", encode_addresses(keys["from"], charset)))
    if "sender" in keys:
        headers.append(("Sender", encode_addresses(keys["sender"], charset)))
    if "reply-to" in keys:
        headers.append(("Reply-To", encode_addresses(keys["reply-to"], charset)))
    headers.append(("To", encode_addresses(keys["to"], charset)))
    if "cc" in keys:
        headers.append(("Cc", encode_addresses(keys["cc"], charset)))
    if auto:
        headers.append(("Auto-Submitted", "auto-generated"))
    if bulk:
        token = digest(rec.rid, "unsub")[:24]
        headers.append(("Precedence", "bulk"))
        headers.append(
            (
                "List-Unsubscribe",
                f"<https://{domain}/unsubscribe?u={token}>, "
                f"<mailto:unsubscribe@{domain}?subject={token}>",
            )
        )
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        headers.append(("List-Id", f"<{digest(rec.rid, 'list')[:8]}.list.{domain}>"))
    for key, value in tpl.extra:
        headers.append((key, value))
    if keys.get("lang", "en") != "en":
        headers.append(("Content-Language", keys["lang"]))
    root.headers = headers + root.headers
    wire = serialise(root).replace("\r\n", "\n").replace("\n", "\r\n")
    return wire.encode("ascii", "surrogateescape")


def minimal_pdf(rec: Record, name: str) -> bytes:
    """A small valid one-page PDF whose only text is its file name."""
    text = name.replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# ---------------------------------------------------------------- labels


def nullable(value: str | None) -> str | None:
    return None if value in (None, "", "null") else value


def label(rec: Record) -> dict[str, object]:
    k = rec.keys
    category = k["category"]
    starts = nullable(k.get("starts"))
    starts_at = None
    zone = nullable(k.get("tz"))
    if starts:
        when = parse_when(starts)
        starts_at = when.isoformat()
        if "tz" not in k:
            zone = str(when.tzinfo)
    thread = nullable(k.get("thread"))
    return {
        "file": f"{rec.split}/{rec.rid}.eml",
        "split": rec.split,
        "category": category,
        "isInterview": category in INTERVIEW,
        "company": nullable(k.get("company")),
        "role": nullable(k.get("role")),
        "startsAt": starts_at,
        "timezone": zone,
        "kind": k.get("kind", "unknown"),
        "language": k.get("lang", "en"),
        "template": k["template"],
        "hardNegative": nullable(k.get("hard")),
        "threadOf": f"{rec.split}/{thread}.eml" if thread else None,
        "recipientRole": k.get("recipient", "candidate" if category != "other" else "other"),
        "notes": nullable(k.get("notes")),
    }


def validate(rec: Record, by_id: dict[str, Record]) -> None:
    k = rec.keys
    for key in ("category", "template", "from", "to", "date", "subject"):
        if key not in k:
            raise SpecError(f"{rec.rid}: missing {key}")
    for key in ("from", "to", "reply-to", "sender", "cc"):
        if key in k and any("@" not in addr for _, addr in getaddresses([k[key]])):
            raise SpecError(f"{rec.rid}: unparseable address in {key}: {k[key]!r}")
    if k["category"] not in CATEGORIES:
        raise SpecError(f"{rec.rid}: bad category {k['category']}")
    if k.get("kind", "unknown") not in KINDS:
        raise SpecError(f"{rec.rid}: bad kind")
    if k.get("lang", "en") not in LANGUAGES:
        raise SpecError(f"{rec.rid}: bad lang")
    if k["template"] not in TEMPLATES:
        raise SpecError(f"{rec.rid}: unknown template {k['template']}")
    if k.get("recipient", "candidate") not in RECIPIENTS:
        raise SpecError(f"{rec.rid}: bad recipient")
    if k["category"] == "interview_scheduled" and not nullable(k.get("starts")):
        raise SpecError(f"{rec.rid}: scheduled without starts")
    if k["category"] not in INTERVIEW | {"interview_cancelled"} and nullable(k.get("starts")):
        raise SpecError(f"{rec.rid}: starts on a non-interview email")
    if k["category"] != "other" and nullable(k.get("hard")):
        raise SpecError(f"{rec.rid}: hard negative type on a hiring email")
    thread = nullable(k.get("thread"))
    if thread and thread not in by_id:
        raise SpecError(f"{rec.rid}: thread parent {thread} not in this split")
    if "via" in k and not rec.via_body:
        raise SpecError(f"{rec.rid}: via without a '--- via' section")


def build(split: str) -> tuple[dict[str, bytes], list[str], list[Record]]:
    records = parse_specs(split)
    by_id = {r.rid: r for r in records}
    for rec in records:
        validate(rec, by_id)
        rec.sent = parse_when(rec.keys["date"]).replace(second=int(digest(rec.rid)[:4], 16) % 60)
        rec.message_id = make_message_id(rec, TEMPLATES[rec.keys["template"]])
    uids: dict[str, str] = {}
    files: dict[str, bytes] = {}
    done: set[str] = set()

    def emit(rec: Record) -> None:
        if rec.rid in done:
            return
        parent = by_id.get(rec.keys.get("thread", ""))
        if parent is not None:
            emit(parent)
            assert parent.sent is not None and rec.sent is not None
            if parent.sent >= rec.sent:
                raise SpecError(f"{rec.rid}: reply is older than {parent.rid}")
            rec.references = [*parent.references, parent.message_id]
            if rec.via_body:
                via = rec.keys["via"].split("|")[0]
                rec.references.append(
                    make_message_id(
                        Record(rec.rid + "-via", split, "", {"from": via}, ""),
                        TEMPLATES["personal"],
                    )
                )
        elif re.match(r"(re|aw|sv|rv|antw)\s?:", rec.keys["subject"], re.I):
            # A reply to a message outside the corpus (the candidate's own sent mail).
            unseen = Record(rec.rid + "-unseen", split, "", {"from": rec.keys["to"]}, "")
            rec.references = [make_message_id(unseen, TEMPLATES["personal"])]
        files[f"{rec.rid}.eml"] = assemble(rec, by_id, uids)
        done.add(rec.rid)

    for rec in sorted(records, key=lambda r: r.sent or datetime.min):
        emit(rec)
    lines = [json.dumps(label(r), ensure_ascii=False) for r in records]
    return files, lines, records


def review(records: list[Record]) -> None:
    for rec in records:
        k = rec.keys
        assert rec.sent is not None
        line = f"{rec.rid} {k['category'][:14]:14} {k['template'][:12]:12} {k.get('lang', 'en')} "
        line += rec.sent.strftime("%a %Y-%m-%d %H:%M %z")
        starts = nullable(k.get("starts"))
        if starts:
            when = parse_when(starts)
            line += " → " + when.strftime("%a %Y-%m-%d %H:%M %z")
            if when <= rec.sent:
                line += " !!PAST"
        print(line + " | " + k["subject"][:60])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("blind", "dev"):
        print("usage: build.py blind|dev [--review]", file=sys.stderr)
        return 2
    split = argv[0]
    try:
        files, lines, records = build(split)
    except SpecError as exc:
        print(f"spec error: {exc}", file=sys.stderr)
        return 2
    if "--review" in argv:
        review(records)
    frozen = HERE / "blind.sha256"
    if split == "blind" and frozen.exists():
        expected = frozen.read_text().split()[0]
        if frozen_digest(files, lines) != expected:
            print("the blind split is frozen and this build would change it", file=sys.stderr)
            return 2
    out = HERE / split
    out.mkdir(exist_ok=True)
    for old in out.glob("*.eml"):
        if old.name not in files:
            old.unlink()
    for name, data in files.items():
        (out / name).write_bytes(data)
    labels_path = HERE / "labels.jsonl"
    kept = []
    if labels_path.exists():
        text = labels_path.read_text(encoding="utf-8")
        other = "dev" if split == "blind" else "blind"
        kept = split_label_lines(text, other)
    all_lines = sorted(kept + lines)
    labels_path.write_text("\n".join(all_lines) + "\n", encoding="utf-8")
    print(f"{split}: {len(files)} emails, digest {frozen_digest(files, lines)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
