"""Where an interview happens: the meeting link (unwrapped from link-protection services), the
kind (phone, video, onsite) and the place."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlparse

from core.email.calendar import CalendarEvent
from core.email.message import ParsedEmail

_MEETING_RE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:zoom\.us/(?:j|my|w|s|meeting)/[^\s<>\"')\]]+"
    r"|meet\.google\.com/[a-z]{3,4}-[a-z]{4}-[a-z]{3}[^\s<>\"')\]]*"
    r"|teams\.microsoft\.com/l/meetup-join/[^\s<>\"')\]]+|teams\.live\.com/meet/[^\s<>\"')\]]+"
    r"|webex\.com/(?:meet|join|[\w.-]+/j\.php)[^\s<>\"')\]]*|whereby\.com/[^\s<>\"')\]]+"
    r"|bluejeans\.com/\d+[^\s<>\"')\]]*|chime\.aws/\d+|meet\.goto\.com/[^\s<>\"')\]]+"
    r"|gotomeet\.me/[^\s<>\"')\]]+|meet\.jit\.si/[^\s<>\"')\]]+|around\.co/[^\s<>\"')\]]+"
    r"|hire\.withgoogle\.com/[^\s<>\"')\]]+)",
    re.IGNORECASE,
)
_PAD_RE = re.compile(r"https?://(?:app\.)?coderpad\.io/[^\s<>\"')\]]+", re.IGNORECASE)

_ONSITE = re.compile(
    r"\bon-?\s?site\b|\bin[\s-]person\b|at\s+our\s+(?:office|offices|headquarters|hq)"
    r"|visit\s+(?:us\s+at\s+)?our\s+office|come\s+(?:in\s+)?to\s+our\s+office|\bvor\s+ort\b"
    r"|in\s+unserem\s+büro|in\s+unseren\s+räumlichkeiten|persönlichen?\s+gespräch"
    r"|en\s+personne|dans\s+nos\s+locaux|sur\s+place|presencial|en\s+nuestras\s+oficinas"
    r"|en\s+persona|(?:to|at|in|visit)\s+our\s+(?:office|offices|site|studio|campus|plant|shop"
    r"|clinic|store|warehouse|depot|headquarters)|come\s+(?:in|by)\b|persönlich|in\s+unsere"
    r"\s+(?:zentrale|büro|niederlassung)|op\s+(?:ons|het)\s+kantoor|langskomt|nos\s+escritório"
    r"|no\s+nosso\s+escritório|presencialmente|report\s+time|in\s+our\s+\w+\s+office"
    r"|f2f|face[\s-]to[\s-]face|assessment\s+centre|superday",
    re.IGNORECASE,
)
_REMOTE_ONSITE = re.compile(
    r"virtual\s+on-?site|remote\s+on-?site|(?:all|entirely|fully)\s+(?:on|over|via)\s+"
    r"(?:zoom|teams|google\s+meet|video)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"phone\s+(?:screen|interview|call|conversation)|by\s+phone|over\s+the\s+phone"
    r"|(?:call|ring)\s+you\s+(?:at|on)|give\s+you\s+a\s+call|telephone|telefoninterview"
    r"|telefonisch|telefonat|téléphonique|par\s+téléphone|telefónica|por\s+teléfono"
    r"|llamada\s+telefónica|recruiter\s+call|phone\s+screening|(?:i|we)(?:'ll|\s+will)\s+call\s+you"
    r"|telefoon|telefonisch\s+gesprek|ligação|por\s+telefone|quick\s+call",
    re.IGNORECASE,
)
_VIDEO = re.compile(
    r"video\s*(?:call|interview|conference|chat|meeting)|\bzoom\b|google\s+meet|microsoft\s+teams"
    r"|teams[\s-](?:meeting|call|link|invite)|\bwebex\b|videocall|video-?interview|videogespräch"
    r"|visio(?:conférence)?|videollamada|videoconferencia|\bvirtual\b|\bonline\b|\bteams\b"
    r"|google\s+hangouts|videobellen|videochamada|chamada\s+de\s+vídeo|riverside",
    re.IGNORECASE,
)
_LOCATION_LINE = re.compile(
    r"(?im)^\s*(?:location|where|address|venue|ort|adresse|anschrift|lieu|dirección|direccion"
    r"|ubicación|lugar)\s*:\s*(?P<v>[^\n]{3,160})$"
)
_ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard"
    r"|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Place|Pl\.?|Square|Sq\.?)(?![\w])[^\n]{0,60}"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer)\s+\d+\w?"
    r"(?:,\s*\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+)?"
    r"|\b\d{1,4}(?:\s?bis)?,?\s+(?:rue|avenue|boulevard|bd|place|quai|allée|cours)\s+[^\n,]{3,40}"
    r"(?:,\s*\d{5}\s+[A-Z][\w-]+)?"
    r"|\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza)\s+[^\n,]{3,40},?\s*\d+(?:,\s*\d{5}\s+[A-Z]\w+)?"
)


_URLDEFENSE = re.compile(r"https?://urldefense(?:\.proofpoint)?\.com/v3/__(?P<u>.+?)__;")


def _unwrap(url: str) -> str:
    """The target of a tracking or safe-links redirect."""
    defended = _URLDEFENSE.match(url)
    if defended:
        return defended.group("u")
    for _ in range(3):
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
        inner = next((query[k][0] for k in ("url", "q", "u", "target") if k in query), None)
        if not inner or not inner.startswith("http"):
            return url
        url = unquote(inner)
    return url


def find_meeting_url(msg: ParsedEmail, body: str, event: CalendarEvent | None) -> str | None:
    sources: list[str] = []
    if event is not None:
        sources += [event.location, event.url or "", event.description]
    sources.append(body)
    sources += [_unwrap(link) for link in msg.links]
    for text in sources:
        m = _MEETING_RE.search(text)
        if m:
            return m.group(0).rstrip(".,;:!?")
    for text in sources:
        m = _PAD_RE.search(text)
        if m:
            return m.group(0).rstrip(".,;:!?")
    return None


def looks_virtual(text: str) -> bool:
    return bool(
        re.search(
            r"https?://|zoom|google meet|microsoft teams|webex|video|phone|remote|online",
            text,
            re.IGNORECASE,
        )
    )


def find_location(body: str, event: CalendarEvent | None, meeting_url: str | None) -> str | None:
    if event is not None and event.location.strip() and not looks_virtual(event.location):
        return " ".join(event.location.split())
    for m in _LOCATION_LINE.finditer(body):
        value = m.group("v").strip()
        if not looks_virtual(value):
            return value
    m2 = _ADDRESS.search(body)
    if m2:
        return m2.group(0).strip(" ,.")
    return None


def find_kind(
    body: str, event: CalendarEvent | None, meeting_url: str | None, location: str | None
) -> str:
    text = body + "\n" + (event.summary + "\n" + event.description if event else "")
    onsite = bool(_ONSITE.search(text)) and not _REMOTE_ONSITE.search(text)
    if onsite and (location or not meeting_url):
        return "onsite"
    if meeting_url and "coderpad" not in meeting_url:
        return "video"
    if _PHONE.search(text) or (event is not None and re.search(r"\bphone\b", event.summary, re.I)):
        return "phone"
    if _VIDEO.search(text) or meeting_url:
        return "video"
    if location:
        return "onsite"
    return "unknown"
