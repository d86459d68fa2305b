"""What one email says about the person's job search, read with what is already known.

Before the classifier's verdict is taken, the email is placed: a reply in the thread of a known
interview (same Gmail thread, In-Reply-To/References, or calendar UID) is read as a possible
reschedule or cancellation of that interview, with the interview as context. A reply is scored
on its own new text, so "Could we do Thursday at 2 pm instead?" scores low alone; its thread
says what it is about. Quoted text may tell which job a reply is about, never when anything
happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from core.clock import parse_iso
from core.email.company import domain_company
from core.email.detect import EVENTS, TIMED, Detection, detect
from core.email.extract import extract_facts
from core.email.message import ParsedEmail, strip_quoted
from core.email.model import Category
from core.email.times import extract_time, guess_language
from core.email.timezones import find_zones, region_for
from core.interviews.repository import DISMISSED, Interview, interviews
from core.interviews.repository import INDEX as INTERVIEW_INDEX
from core.interviews.service import zone_name
from core.llm.port import LLM
from core.storage.port import Store

INTERVIEW_CATEGORIES = TIMED
# The application status each kind of email moves to (forward only, see core.applications).
STATUS_FOR = {
    "interview_invitation": "interviewing",
    "interview_scheduled": "interviewing",
    "interview_rescheduled": "interviewing",
    "assessment": "interviewing",
    "offer": "offer",
    "rejection": "rejected",
    "application_received": "applied",
}
# How sure a reading from the thread is: the interview is known, only the change is read.
THREAD_CONFIDENCE = 0.9
# A reply whose only context is the quoted text: worth a look, never applied unasked.
QUOTE_CONFIDENCE = 0.6
_CANCEL_IN_REPLY = re.compile(
    r"\bcancel(?:l?ed|l?ing)?\b|\bcall(?:ed|ing)?\s+(?:it\s+)?off\b|no\s+longer\s+(?:take\s+place|"
    r"happen|go\s+ahead)|won'?t\s+be\s+able\s+to\s+(?:meet|make\s+it)|abgesagt|annul",
    re.IGNORECASE,
)
# Booking confirmations from scheduling tools have a fixed shape ("Confirmed: Intro call –
# Staff Frontend Engineer with Lumen Health") and little interview language.
_SCHEDULER_DOMAINS = ("calendly.com", "goodtime.io", "ashbyhq.com", "greenhouse.io",
                      "lever.co", "cal.com", "youcanbook.me", "doodle.com", "zoom.us")  # fmt: skip
_BOOKING_SUBJECT = re.compile(
    r"^(?:confirmed|new\s+event|booked|scheduled|invitation\s+confirmed)\s*:\s*(?P<what>.+?)"
    r"(?:\s+(?:with|at)\s+(?P<company>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}))?\s*$",
    re.IGNORECASE,
)
_BOOKING_WORDS = re.compile(r"interview|call|screen|chat|conversation", re.IGNORECASE)


@dataclass
class Reading:
    """One email, read: what it is, how sure that is, and the interview facts it states."""

    category: Category | None  # None when there is nothing to do
    confidence: float
    detection: Detection
    company: str | None = None
    role: str | None = None
    time_zone: str | None = None
    interview: Interview | None = None  # the known interview it is about
    bulk: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def about_interview(self) -> bool:
        return self.category in INTERVIEW_CATEGORIES


def known_interview(
    store: Store, user_id: str, msg: ParsedEmail, thread_id: str | None
) -> Interview | None:
    """The interview this email continues: same calendar UID, Gmail thread or RFC references."""
    items = [
        i for i in interviews(store).query(user_id, index=INTERVIEW_INDEX) if i.status != DISMISSED
    ]
    uids = {e.uid for e in msg.calendars if e.uid}
    refs = set(msg.references)
    for item in items:
        if item.calendar_uid and item.calendar_uid in uids:
            return item
    for item in items:
        if thread_id and thread_id in item.thread_ids:
            return item
        if refs & set(item.rfc_message_ids):
            return item
    return None


def read_email(
    store: Store,
    user_id: str,
    msg: ParsedEmail,
    *,
    thread_id: str | None = None,
    llm: LLM | None = None,
) -> Reading:
    known = known_interview(store, user_id, msg, thread_id)
    detection = detect(msg, llm=llm)
    category, confidence = _doubtful_other(*_category(detection), detection)
    reading = Reading(
        category=category,
        confidence=confidence,
        detection=detection,
        company=detection.company,
        role=detection.role,
        time_zone=zone_name(detection.starts_at),
        bulk=msg.bulk,
        reasons=list(detection.reasons),
    )
    if not reading.company:
        _fill_facts(reading, msg)
    if known is not None and category not in ("offer", "rejection", "assessment"):
        _read_in_thread(reading, msg, known)
    elif known is None and not reading.about_interview and msg.references:
        _read_with_quote(reading, msg, llm)
    if reading.category in (None, "other"):
        _read_booking(reading, msg)
    elif reading.about_interview and _from_scheduler(msg):
        # A scheduling tool writes for the employer: the employer is in the subject, not the
        # sender ("Confirmed: Intro call with Lumen Health").
        booked = _BOOKING_SUBJECT.match(msg.subject.strip())
        if booked and booked.group("company"):
            reading.company = reading.detection.company = booked.group("company")
    if known is not None:
        reading.interview = known
        reading.company = reading.company or known.company
        reading.role = reading.role or known.role
    if reading.time_zone is None and reading.detection.starts_at is not None:
        reading.time_zone = _zone_in_text(msg.subject + "\n" + strip_quoted(msg.text))
    return reading


def _category(detection: Detection) -> tuple[Category | None, float]:
    """The classifier's category, and how likely it is. The detection's confidence is the
    probability of an interview (a language model may have settled it); every other category
    has its own calibrated probability."""
    category: Category | None = detection.category
    if category is None or category in INTERVIEW_CATEGORIES:
        return category, detection.confidence
    return category, detection.category_confidence


def _doubtful_other(
    category: Category | None, confidence: float, detection: Detection
) -> tuple[Category | None, float]:
    """ "Nothing to track", said without conviction while an interview was the likelier
    alternative, is a question for the person: read as that interview, at its probability
    (below any sensible threshold, so it waits for review)."""
    if category != "other" or confidence >= 0.5:
        return category, confidence
    # The likeliest alternatives the classifier names among its reasons: its top three.
    ranked = sorted(detection.probabilities.items(), key=lambda kv: -kv[1])[:3]
    for name, probability in ranked:
        interview = next((c for c in INTERVIEW_CATEGORIES if c == name), None)
        if interview is not None and probability >= 0.05:
            return interview, min(probability, 0.5)
    return category, confidence


def event_for(category: Category) -> str:
    """What an email of this category does to its interview; an invitation unless it says
    otherwise."""
    return EVENTS.get(category, "invitation")


def _fill_facts(reading: Reading, msg: ParsedEmail) -> None:
    """Company and role for an email that is not an invitation (a rejection, an offer)."""
    facts = extract_facts(msg, strip_quoted(msg.text), None)
    reading.company = reading.company or facts.company
    reading.role = reading.role or facts.role


def _time_in(text: str, msg: ParsedEmail) -> datetime | None:
    reference = msg.date
    if reference is None:
        return None
    language = guess_language(text)
    found = extract_time(
        text, reference, default_tz=region_for(reference, language), language=language
    )
    return None if found.offered_slots else found.starts_at


def _read_in_thread(reading: Reading, msg: ParsedEmail, known: Interview) -> None:
    new_text = strip_quoted(msg.text)
    current = parse_iso(known.starts_at) if known.time_known else None
    event = next((e for e in msg.calendars if e.uid and e.uid == known.calendar_uid), None)
    category: Category | None = None
    starts_at: datetime | None = None
    if event is not None and event.cancelled:
        category = "interview_cancelled"
    elif event is not None and event.starts_at is not None and event.starts_at != current:
        category, starts_at = "interview_rescheduled", event.starts_at
    elif _CANCEL_IN_REPLY.search(new_text):
        category = "interview_cancelled"
    else:
        # The new text only: a quoted invitation repeats the old time.
        found = _time_in(new_text, msg)
        if found is not None and found != current:
            category, starts_at = "interview_rescheduled", found
    if category is None:
        if reading.about_interview:
            # A confirmation of what is known: nothing to change.
            reading.category = None
        return
    reading.category = category
    reading.confidence = max(reading.confidence, THREAD_CONFIDENCE)
    reading.reasons.append("reply in the thread of a known interview")
    reading.detection = replace(
        reading.detection,
        is_interview=True,
        event=event_for(category),
        confidence=reading.confidence,
        starts_at=starts_at,
        company=reading.detection.company or known.company,
        role=reading.detection.role or known.role,
    )
    if starts_at is not None:
        reading.time_zone = zone_name(starts_at) or known.time_zone


def _read_with_quote(reading: Reading, msg: ParsedEmail, llm: LLM | None) -> None:
    """A reply to an interview email we never saw: the quote says which job, the new text
    says what changes."""
    new_text = strip_quoted(msg.text)
    quoted = msg.text.replace(new_text, "", 1) if new_text in msg.text else ""
    quoted = "\n".join(line.lstrip("> ") for line in quoted.splitlines())
    if len(quoted.strip()) < 40:
        return
    earlier = detect(replace(msg, text=quoted, calendars=[]), llm=llm)
    if not earlier.is_interview:
        return
    cancelled = bool(_CANCEL_IN_REPLY.search(new_text))
    starts_at = None if cancelled else _time_in(new_text, msg)
    if not cancelled and starts_at is None:
        return
    reading.category = "interview_cancelled" if cancelled else "interview_rescheduled"
    reading.confidence = QUOTE_CONFIDENCE
    reading.company = earlier.company
    reading.role = earlier.role
    reading.reasons.append("reply to an interview email (quoted)")
    reading.detection = replace(
        earlier,
        confidence=QUOTE_CONFIDENCE,
        event=event_for(reading.category),
        starts_at=starts_at,
        message_id=msg.message_id,
        subject=msg.subject,
        received_at=msg.date,
        references=msg.references,
        calendar_uid=None,
    )
    reading.time_zone = zone_name(starts_at)


def _from_scheduler(msg: ParsedEmail) -> bool:
    domain = msg.from_addr.rsplit("@", 1)[-1]
    return any(domain == d or domain.endswith("." + d) for d in _SCHEDULER_DOMAINS)


def _read_booking(reading: Reading, msg: ParsedEmail) -> None:
    if not _from_scheduler(msg):
        return
    subject = _BOOKING_SUBJECT.match(msg.subject.strip())
    if subject is None or not _BOOKING_WORDS.search(subject.group("what")):
        return
    body = strip_quoted(msg.text)
    starts_at = _time_in(body, msg)
    facts = extract_facts(msg, body, None)
    company = subject.group("company") or _company_in_booking(facts.company, msg)
    role = facts.role
    reading.category = "interview_scheduled"
    reading.confidence = THREAD_CONFIDENCE if (starts_at and role and company) else 0.6
    reading.company, reading.role = company, role
    reading.reasons.append("booking confirmed by a scheduling tool")
    reading.detection = replace(
        reading.detection,
        is_interview=True,
        confidence=reading.confidence,
        event="invitation",
        starts_at=starts_at,
        company=company,
        role=role,
        meeting_url=facts.meeting_url,
        kind=facts.kind,
        location=facts.location,
    )
    reading.time_zone = zone_name(starts_at)


def _company_in_booking(found: str | None, msg: ParsedEmail) -> str | None:
    # The tool's own name is not the employer.
    tool = domain_company(msg.from_addr)
    if found and (tool is None or found.lower() != tool.lower()):
        return found
    return None


def _zone_in_text(text: str) -> str | None:
    for match in find_zones(text):
        if isinstance(match.tz, ZoneInfo) and match.tz.key not in ("UTC", "Etc/UTC"):
            return match.tz.key
    return None
