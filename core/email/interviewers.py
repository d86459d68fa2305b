"""Who will interview: labelled lines and phrases that introduce a person, never the company."""

from __future__ import annotations

import re

from core.email.calendar import CalendarEvent
from core.email.company import NOT_COMPANY, company_key
from core.email.message import ParsedEmail

_PERSON = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:van|von|de|del|da|di|le|la)?\s*[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2}"
_INTERVIEWER_LINE = re.compile(
    r"(?im)^\s*(?:(?:your|ihre?|vos|tus|sus)\s+)?(?:interviewers?|panel|"
    r"you(?:'ll| will)\s+(?:be\s+)?meet(?:ing)?|"
    r"gesprächspartner(?:in|innen)?|interlocuteurs?|intervenants?|entrevistador(?:a|es)?)"
    r"\s*(?:with)?\s*:\s*(?P<v>[^\n]{3,200})$"
)
_INTERVIEWER_PHRASE = re.compile(
    r"(?:(?i:meet|meeting|speak|speaking|chat|chatting|talk|talking|interview|sprechen|"
    r"rencontrer|échanger|reunirás|hablar)\s+(?i:with|mit|avec|con)\s+"
    r"|(?i:your\s+interviewers?\s+(?:is|are|will\s+be)\s+))"
    rf"(?P<a>{_PERSON})(?:\s*\([^)]{{2,60}}\)|,\s*(?:(?i:our|the|unsere[mr]?|notre|nuestr[oa]))\s+[^,.\n]{{2,60}})?"
    rf"(?:(?:,\s*|\s+(?i:and|und|et|y)\s+)(?P<b>{_PERSON}))?"
)


def find_interviewers(
    msg: ParsedEmail, body: str, event: CalendarEvent | None, company: str | None
) -> list[str]:
    names: list[str] = []
    own = set(msg.to_addrs)

    def add(name: str | None) -> None:
        if not name:
            return
        name = " ".join(name.split()).strip(" ,.;")
        if not name or len(name) > 60 or name in names:
            return
        if company and company_key(name) == company_key(company):
            return
        if name.lower() in NOT_COMPANY:
            return
        names.append(name)

    for m in _INTERVIEWER_LINE.finditer(body):
        for part in re.split(r",|;|\band\b|\bund\b|\bet\b|\by\b|&", m.group("v")):
            person = re.match(_PERSON, part.strip())
            if person:
                add(person.group(0))
    for m in _INTERVIEWER_PHRASE.finditer(body):
        add(m.group("a"))
        add(m.group("b"))
    if event is not None:
        for cn, address in event.attendees:
            if address.lower() in own or not cn or "@" in cn:
                continue
            if event.organizer and address.lower() == event.organizer.lower():
                continue
            if re.search(r"room|raum|salle|sala|resource", cn, re.IGNORECASE):
                continue
            add(cn)
    return names[:8]
