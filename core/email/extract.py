"""The facts of an interview email: company, role, meeting link, kind, location, interviewers.

Each fact is looked for in the places that state it most reliably first (the calendar invite,
then labelled lines and the subject, then the body, then the sender), and candidates from several
places vote. Each fact has its module; this one puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.email.calendar import CalendarEvent
from core.email.company import find_company
from core.email.interviewers import find_interviewers
from core.email.meeting import find_kind, find_location, find_meeting_url, looks_virtual
from core.email.message import ParsedEmail
from core.email.role import find_role


@dataclass
class Facts:
    company: str | None
    role: str | None
    meeting_url: str | None
    kind: str  # phone, video, onsite or unknown
    location: str | None
    interviewers: list[str] = field(default_factory=list)


def extract_facts(msg: ParsedEmail, body: str, event: CalendarEvent | None) -> Facts:
    """The interview's facts as stated in the message (`body` is its new, unquoted text)."""
    role = find_role(msg.subject, body, event, msg.text)
    company = find_company(msg, body, event, role)
    meeting_url = find_meeting_url(msg, body, event)
    location = find_location(body, event, meeting_url)
    kind = find_kind(body, event, meeting_url, location)
    if kind == "unknown" and msg.text != body:
        # A reply often keeps the kind only in the thread it quotes.
        kind = find_kind(msg.text[:12000], event, meeting_url, location)
    if kind != "onsite" and location and looks_virtual(location):
        location = None
    interviewers = find_interviewers(msg, body, event, company)
    return Facts(company, role, meeting_url, kind, location, interviewers)
