"""An interview as an iCalendar file, for the user's own calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from core.clock import parse_iso, utcnow

DEFAULT_MINUTES = 60


def interview_ics(interview: dict[str, Any], *, product: str = "Career Agent") -> bytes:
    """A VCALENDAR with one VEVENT. An interview without a time yet has no start, which
    calendars reject, so it is written as an all-day placeholder on the day it was found."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{product}//Interviews//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{interview['interviewId']}@career-agent")
    event.add("dtstamp", utcnow())
    summary = "Interview"
    if interview.get("company"):
        summary += f" – {interview['company']}"
    if interview.get("role"):
        summary += f" ({interview['role']})"
    event.add("summary", summary)
    start = _start(interview)
    if interview.get("timeKnown") and start is not None:
        # In UTC: a bare UTC offset has no TZID a calendar could resolve.
        start = start.astimezone(UTC)
        event.add("dtstart", start)
        minutes = interview.get("durationMinutes") or DEFAULT_MINUTES
        event.add("dtend", start + timedelta(minutes=int(minutes)))
    else:
        day = parse_iso(interview["startsAt"]).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        summary += " (time to be confirmed)"
        event["summary"] = icalendar.vText(summary)
    if interview.get("meetingUrl"):
        event.add("url", interview["meetingUrl"])
    location = interview.get("location") or interview.get("meetingUrl")
    if location:
        event.add("location", location)
    lines = []
    if interview.get("kind"):
        lines.append(f"Kind: {interview['kind']}")
    if interview.get("interviewers"):
        lines.append("Interviewers: " + ", ".join(interview["interviewers"]))
    if interview.get("meetingUrl"):
        lines.append(f"Join: {interview['meetingUrl']}")
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if interview.get("status") == "cancelled" else "CONFIRMED")
    event.add("sequence", max(len(interview.get("history", [])) - 1, 0))
    cal.add_component(event)
    return bytes(cal.to_ical())


def _start(interview: dict[str, Any]) -> datetime | None:
    local = interview.get("startsAtLocal")
    if local:
        return datetime.fromisoformat(local)
    return parse_iso(interview["startsAt"]) if interview.get("startsAt") else None
