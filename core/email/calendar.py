"""Calendar invitations (text/calendar parts and .ics attachments) read with icalendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

import icalendar

from core.email.timezones import zone


@dataclass
class CalendarEvent:
    method: str  # REQUEST, CANCEL, PUBLISH, REPLY, ... ("" when absent)
    uid: str | None
    sequence: int
    status: str  # CONFIRMED, CANCELLED, TENTATIVE or ""
    summary: str
    description: str
    location: str
    starts_at: datetime | None  # aware
    duration_minutes: int | None
    organizer: str | None  # email address
    organizer_name: str | None
    attendees: list[tuple[str | None, str]] = field(default_factory=list)  # (name, email)
    url: str | None = None
    roles: dict[str, str] = field(default_factory=dict)  # attendee address → ROLE (lower case)

    @property
    def cancelled(self) -> bool:
        return self.method == "CANCEL" or self.status == "CANCELLED"


def parse_calendar(data: bytes | str, *, default_tz: tzinfo | None = None) -> list[CalendarEvent]:
    """The VEVENTs of an iCalendar document; an unreadable document gives an empty list."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        return []
    method = str(cal.get("METHOD", "") or "").upper()
    events: list[CalendarEvent] = []
    for comp in cal.walk("VEVENT"):
        start = _instant(comp, "DTSTART", default_tz)
        end = _instant(comp, "DTEND", default_tz)
        duration: int | None = None
        if start and end and end > start:
            duration = round((end - start).total_seconds() / 60)
        elif start and comp.get("DURATION") is not None:
            try:
                td = comp.decoded("DURATION")
                if isinstance(td, timedelta):
                    duration = round(td.total_seconds() / 60)
            except (ValueError, KeyError, TypeError):
                duration = None
        organizer = comp.get("ORGANIZER")
        attendees_raw = comp.get("ATTENDEE") or []
        if not isinstance(attendees_raw, list):
            attendees_raw = [attendees_raw]
        attendees = [(_cn(a), _mailto(a)) for a in attendees_raw]
        roles = {_mailto(a).lower(): _param(a, "ROLE") or "req-participant" for a in attendees_raw}
        try:
            sequence = int(comp.get("SEQUENCE", 0) or 0)
        except (TypeError, ValueError):
            sequence = 0
        events.append(
            CalendarEvent(
                method=method,
                uid=str(comp.get("UID")) if comp.get("UID") else None,
                sequence=sequence,
                status=str(comp.get("STATUS", "") or "").upper(),
                summary=str(comp.get("SUMMARY", "") or ""),
                description=str(comp.get("DESCRIPTION", "") or ""),
                location=str(comp.get("LOCATION", "") or ""),
                starts_at=start,
                duration_minutes=duration,
                organizer=_mailto(organizer) if organizer else None,
                organizer_name=_cn(organizer) if organizer else None,
                attendees=attendees,
                url=str(comp.get("URL")) if comp.get("URL") else None,
                roles=roles,
            )
        )
    return events


def _instant(
    comp: icalendar.cal.Component, prop: str, default_tz: tzinfo | None
) -> datetime | None:
    raw = comp.get(prop)
    if raw is None:
        return None
    try:
        value = comp.decoded(prop)
    except (ValueError, KeyError, TypeError):
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            # A TZID the library could not resolve (often a Windows zone name from Outlook).
            tzid = raw.params.get("TZID") if hasattr(raw, "params") else None
            tz = zone(str(tzid)) if tzid else None
            value = value.replace(tzinfo=tz or default_tz or UTC)
        return value
    if isinstance(value, date):
        return None  # all-day events carry no time of day
    return None


def _mailto(value: object) -> str:
    text = str(value)
    return text[7:] if text.lower().startswith("mailto:") else text


def _param(value: object, name: str) -> str | None:
    params = getattr(value, "params", None)
    found = params.get(name) if params is not None else None
    return str(found).lower() if found else None


def _cn(value: object) -> str | None:
    params = getattr(value, "params", None)
    if params is None:
        return None
    cn = params.get("CN")
    return str(cn).strip('"') if cn else None
