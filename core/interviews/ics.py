"""An interview as an iCalendar file, for the user's own calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from core.clock import parse_iso, utcnow
from core.interviews.repository import Interview

DEFAULT_MINUTES = 60


def interview_ics(interview: Interview, *, product: str = "Career Agent") -> bytes:
    """A VCALENDAR with one VEVENT. An interview without a time yet has no start, which
    calendars reject, so it is written as an all-day placeholder on the day it was found."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{product}//Interviews//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{interview.interview_id}@career-agent")
    event.add("dtstamp", utcnow())
    summary = "Interview"
    if interview.company:
        summary += f" – {interview.company}"
    if interview.role:
        summary += f" ({interview.role})"
    event.add("summary", summary)
    start = _start(interview)
    if interview.time_known and start is not None:
        # In UTC: a bare UTC offset has no TZID a calendar could resolve.
        start = start.astimezone(UTC)
        event.add("dtstart", start)
        minutes = interview.duration_minutes or DEFAULT_MINUTES
        event.add("dtend", start + timedelta(minutes=int(minutes)))
    else:
        day = parse_iso(interview.starts_at).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        summary += " (time to be confirmed)"
        event["summary"] = icalendar.vText(summary)
    if interview.meeting_url:
        event.add("url", interview.meeting_url)
    location = interview.location or interview.meeting_url
    if location:
        event.add("location", location)
    lines = []
    if interview.kind:
        lines.append(f"Kind: {interview.kind}")
    if interview.interviewers:
        lines.append("Interviewers: " + ", ".join(interview.interviewers))
    if interview.meeting_url:
        lines.append(f"Join: {interview.meeting_url}")
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if interview.status == "cancelled" else "CONFIRMED")
    event.add("sequence", max(len(interview.history) - 1, 0))
    cal.add_component(event)
    return bytes(cal.to_ical())


def _start(interview: Interview) -> datetime | None:
    if interview.starts_at_local:
        return datetime.fromisoformat(interview.starts_at_local)
    return parse_iso(interview.starts_at) if interview.starts_at else None
