"""Interviews found in email: recorded once per message, updated by reschedules, marked
cancelled by cancellations, and linked to the application with the same company.

An email about an interview already known (same calendar UID, same thread, or a change notice
from the same company) updates that interview instead of adding another.

The person has the last word: they correct what was read wrong, add interviews by hand, and
dismiss a detection ("not an interview"). A dismissed interview is kept as a tombstone holding
its message ids, so that a rescan never brings the same email back; the application card it
created goes with it.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.applications.service import (
    application_named,
    drop_email_effects,
    email_cause,
    email_may_move,
    link_interview,
    update_application,
)
from core.clock import iso, parse_iso, utcnow
from core.email.detect import Detection
from core.email.extract import company_key
from core.errors import Conflict, InvalidInput, NotFound
from core.storage.port import ConditionFailed, Store

TABLE = "Interviews"
INDEX = "UserIdIndex"
DISMISSED = "dismissed"


def interview_id_for(user_id: str, message_id: str) -> str:
    return hashlib.sha256(f"{user_id}\x1finterview\x1f{message_id}".encode()).hexdigest()[:32]


def zone_name(value: datetime | None) -> str | None:
    """The IANA zone a time was written in, when it was written in one (not a bare offset, not
    UTC, which calendar files use for every zone)."""
    tz = value.tzinfo if value is not None else None
    if isinstance(tz, ZoneInfo) and tz.key not in ("UTC", "Etc/UTC"):
        return tz.key
    return None


def _live(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i.get("status") != DISMISSED]


def list_interviews(
    store: Store, user_id: str, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Upcoming interviews soonest first, then those with no time yet, then past and cancelled
    ones, most recent first. Dismissed detections are left out."""
    now = now or utcnow()
    items = _live(store.query(TABLE, user_id, index=INDEX))
    cutoff = iso(now - timedelta(hours=2))
    upcoming = [
        i
        for i in items
        if i["status"] == "scheduled" and i.get("timeKnown") and i["startsAt"] >= cutoff
    ]
    pending = [i for i in items if i["status"] == "pending"]
    rest = [i for i in items if i not in upcoming and i not in pending]
    upcoming.sort(key=lambda i: i["startsAt"])
    pending.sort(key=lambda i: i["createdAt"], reverse=True)
    rest.sort(key=lambda i: i["startsAt"], reverse=True)
    return upcoming + pending + rest


def get_interview(store: Store, user_id: str, interview_id: str) -> dict[str, Any]:
    item = store.get(TABLE, {"interviewId": interview_id})
    if item is None or item.get("userId") != user_id or item.get("status") == DISMISSED:
        raise NotFound("no such interview")
    return item


def record_detection(
    store: Store,
    user_id: str,
    detection: Detection,
    *,
    message_id: str,
    thread_id: str | None = None,
    received_at: datetime | None = None,
    sender: str | None = None,
    time_zone: str | None = None,
    category: str | None = None,
    match: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Apply one detected interview email. Idempotent per `message_id`: applying the same
    message again changes nothing. `match` is the interview the caller already knows the
    email is about (its thread). Returns the interview touched, if any."""
    if not detection.is_interview:
        return None
    received = received_at or detection.received_at or utcnow()
    interviews = store.query(TABLE, user_id, index=INDEX)
    for item in interviews:
        if message_id in item.get("messageIds", []):
            return None if item.get("status") == DISMISSED else item
    source = _Source(
        message_id,
        thread_id,
        email_cause(
            message_id,
            subject=detection.subject,
            sender=sender,
            received_at=iso(received),
            category=category,
        ),
        time_zone or zone_name(detection.starts_at),
    )
    match = match or _match(_live(interviews), detection, thread_id, received)
    if detection.event == "cancellation":
        if match is None:
            return None
        return _update(store, match, detection, source, cancel=True)
    if match is not None:
        return _update(store, match, detection, source, cancel=False)
    return _create(store, user_id, detection, source, received)


@dataclass(frozen=True)
class _Source:
    """The email a change comes from."""

    message_id: str
    thread_id: str | None
    cause: dict[str, Any]
    time_zone: str | None

    def cause_for(self, interview_id: str) -> dict[str, Any]:
        return {**self.cause, "interviewId": interview_id}


def _match(
    interviews: list[dict[str, Any]],
    detection: Detection,
    thread_id: str | None,
    received: datetime,
) -> dict[str, Any] | None:
    live = [i for i in interviews if i["status"] != "cancelled"]
    if detection.calendar_uid:
        for item in interviews:
            if item.get("calendarUid") == detection.calendar_uid:
                return item
    refs = set(detection.references)
    for item in live:
        if thread_id and thread_id in item.get("threadIds", []):
            return item
        if refs & set(item.get("rfcMessageIds", [])):
            return item
    key = company_key(detection.company) if detection.company else None
    if not key:
        return None
    same_company = [i for i in live if i.get("companyKey") == key]
    if not same_company:
        return None
    if detection.event in ("reschedule", "cancellation"):
        horizon = iso(received - timedelta(days=1))
        candidates = [i for i in same_company if not i.get("timeKnown") or i["startsAt"] >= horizon]
        candidates.sort(key=lambda i: (i.get("timeKnown", False), i["startsAt"]))
        return candidates[0] if candidates else None
    # A new invitation: it completes one still waiting for its time, or repeats a known one.
    for item in same_company:
        if item["status"] == "pending":
            return item
        known = detection.starts_at is not None and item.get("timeKnown")
        if known and parse_iso(item["startsAt"]) == detection.starts_at:
            return item
    return None


def _facts(detection: Detection) -> dict[str, Any]:
    return {
        "company": detection.company,
        "role": detection.role,
        "durationMinutes": detection.duration_minutes,
        "meetingUrl": detection.meeting_url,
        "kind": detection.kind,
        "location": detection.location,
        "interviewers": detection.interviewers,
    }


def _history(detection: Detection, message_id: str, event: str) -> dict[str, Any]:
    return {
        "at": iso(),
        "event": event,
        "messageId": message_id,
        "startsAt": detection.starts_at.isoformat() if detection.starts_at else None,
    }


def _create(
    store: Store,
    user_id: str,
    detection: Detection,
    source: _Source,
    received: datetime,
) -> dict[str, Any]:
    message_id, thread_id = source.message_id, source.thread_id
    interview_id = interview_id_for(user_id, message_id)
    application_id = None
    if detection.company:
        application = link_interview(
            store,
            user_id,
            company=detection.company,
            role=detection.role,
            cause=source.cause_for(interview_id),
        )
        application_id = application["applicationId"]
    now = iso()
    known = detection.starts_at is not None
    item = {
        "interviewId": interview_id,
        "userId": user_id,
        "applicationId": application_id,
        **_facts(detection),
        "companyKey": company_key(detection.company) if detection.company else None,
        # The index sorts by startsAt, so an interview with no time yet sorts by the day its
        # invitation arrived; `timeKnown` tells them apart.
        "startsAt": iso(detection.starts_at or received),
        "startsAtLocal": local_time(detection.starts_at, source.time_zone),
        "timeZone": source.time_zone,
        "timeKnown": known,
        "status": "scheduled" if known else "pending",
        "source": "email",
        "calendarUid": detection.calendar_uid,
        "threadIds": [thread_id] if thread_id else [],
        "rfcMessageIds": [detection.message_id] if detection.message_id else [],
        "messageIds": [message_id],
        "subject": detection.subject[:300],
        "history": [_history(detection, message_id, detection.event or "invitation")],
        "createdAt": now,
        "updatedAt": now,
    }
    try:
        return store.put(TABLE, item, expected_version=0)
    except ConditionFailed:
        existing = store.get(TABLE, {"interviewId": interview_id})
        if existing is None:
            raise
        return existing


def _update(
    store: Store,
    match: dict[str, Any],
    detection: Detection,
    source: _Source,
    *,
    cancel: bool,
) -> dict[str, Any]:
    message_id, thread_id = source.message_id, source.thread_id
    for _ in range(20):
        current = store.get(TABLE, {"interviewId": match["interviewId"]})
        if current is None:
            return match
        if message_id in current.get("messageIds", []):
            return current
        updated = dict(current)
        if cancel:
            updated["status"] = "cancelled"
            event = "cancellation"
        else:
            event = detection.event or "invitation"
            if detection.starts_at is not None:
                zone = source.time_zone or current.get("timeZone")
                updated["startsAt"] = iso(detection.starts_at)
                updated["startsAtLocal"] = local_time(detection.starts_at, zone)
                updated["timeZone"] = zone
                updated["timeKnown"] = True
                updated["status"] = "scheduled"
            elif current["status"] == "cancelled":
                updated["status"] = "pending"
            for field, value in _facts(detection).items():
                # A change notice often repeats only part of the facts: keep the others.
                if value not in (None, [], ""):
                    updated[field] = value
            if detection.company and not current.get("companyKey"):
                updated["companyKey"] = company_key(detection.company)
            if detection.calendar_uid and not current.get("calendarUid"):
                updated["calendarUid"] = detection.calendar_uid
        if thread_id and thread_id not in updated.get("threadIds", []):
            updated["threadIds"] = [*updated.get("threadIds", []), thread_id]
        if detection.message_id and detection.message_id not in updated.get("rfcMessageIds", []):
            updated["rfcMessageIds"] = [*updated.get("rfcMessageIds", []), detection.message_id]
        updated["messageIds"] = [*current.get("messageIds", []), message_id]
        updated["history"] = [*current.get("history", []), _history(detection, message_id, event)]
        updated["updatedAt"] = iso()
        try:
            saved = store.put(TABLE, updated, expected_version=int(current.get("version", 0)))
        except ConditionFailed:
            time.sleep(0.005)
            continue
        if not cancel and saved.get("applicationId") is None and saved.get("company"):
            application = link_interview(
                store,
                saved["userId"],
                company=saved["company"],
                role=saved.get("role"),
                cause=source.cause_for(saved["interviewId"]),
            )
            saved = _set_application(store, saved, application["applicationId"])
        return saved
    raise RuntimeError("the interview kept changing; try again")


def local_time(value: datetime | None, zone: str | None) -> str | None:
    """The time as written in the interview's own zone, with its offset."""
    if value is None:
        return None
    if zone:
        value = value.astimezone(ZoneInfo(zone))
    return value.isoformat()


def _set_application(store: Store, item: dict[str, Any], application_id: str) -> dict[str, Any]:
    updated = {**item, "applicationId": application_id, "updatedAt": iso()}
    try:
        return store.put(TABLE, updated, expected_version=int(item.get("version", 0)))
    except ConditionFailed:
        return item


# Fields the person may correct, and what they are called in the stored item.
EDITABLE = frozenset({"company", "role", "meetingUrl", "kind", "location", "durationMinutes"})


@dataclass(frozen=True)
class InterviewInput:
    """What the person says about an interview (a correction or a new one). `starts_at`
    without a zone is a wall-clock time in `time_zone`."""

    facts: dict[str, Any]
    starts_at: datetime | None = None
    time_zone: str | None = None
    application_id: str | None = None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}; use a name like America/Chicago") from None


def _place_time(
    starts_at: datetime | None, zone: str | None, current: dict[str, Any] | None
) -> tuple[datetime | None, str | None]:
    """The moment meant, and the zone to show it in. A new zone alone keeps the wall-clock
    time ("it was 1 pm Chicago time, not New York time")."""
    if zone is not None:
        tz = _zone(zone)
        if starts_at is None and current is not None and current.get("timeKnown"):
            wall = parse_iso(current.get("startsAtLocal") or current["startsAt"])
            return wall.replace(tzinfo=tz), zone
        if starts_at is not None:
            moment = starts_at.replace(tzinfo=tz) if starts_at.tzinfo is None else starts_at
            return moment.astimezone(tz), zone
        return None, zone
    if starts_at is None:
        return None, None
    if starts_at.tzinfo is None:
        known = (current or {}).get("timeZone")
        if not known:
            raise InvalidInput("give the time with its UTC offset, or a timeZone")
        return starts_at.replace(tzinfo=_zone(known)), known
    return starts_at, zone_name(starts_at) or (current or {}).get("timeZone")


def create_manual(store: Store, user_id: str, data: InterviewInput) -> dict[str, Any]:
    """An interview the person adds themselves, linked to its application (found by company
    when not named, created when there is none)."""
    company = str(data.facts.get("company") or "").strip()
    if not company:
        raise InvalidInput("company is required")
    moment, zone = _place_time(data.starts_at, data.time_zone, None)
    if moment is None:
        raise InvalidInput("startsAt is required")
    interview_id = uuid.uuid4().hex
    cause = {"type": "user", "interviewId": interview_id}
    if data.application_id:
        application = application_named(store, user_id, data.application_id)
        if email_may_move(application["status"], "interviewing"):
            application = update_application(
                store,
                user_id,
                application["applicationId"],
                {"status": "interviewing"},
                cause=cause,
            )
    else:
        application = link_interview(
            store, user_id, company=company, role=data.facts.get("role"), cause=cause
        )
    now = iso()
    item = {
        "interviewId": interview_id,
        "userId": user_id,
        "applicationId": application["applicationId"],
        "company": company,
        "role": data.facts.get("role"),
        "durationMinutes": data.facts.get("durationMinutes"),
        "meetingUrl": data.facts.get("meetingUrl"),
        "kind": data.facts.get("kind"),
        "location": data.facts.get("location"),
        "interviewers": [],
        "companyKey": company_key(company),
        "startsAt": iso(moment),
        "startsAtLocal": local_time(moment, zone),
        "timeZone": zone,
        "timeKnown": True,
        "status": "scheduled",
        "source": "manual",
        "calendarUid": None,
        "threadIds": [],
        "rfcMessageIds": [],
        "messageIds": [],
        "subject": None,
        "history": [
            {"at": now, "event": "added", "by": "user", "startsAt": local_time(moment, zone)}
        ],
        "createdAt": now,
        "updatedAt": now,
    }
    return store.put(TABLE, item, expected_version=0)


def correct_interview(
    store: Store, user_id: str, interview_id: str, data: InterviewInput
) -> dict[str, Any]:
    """Apply the person's corrections; the history records that they made them."""
    unknown = set(data.facts) - EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change: {', '.join(sorted(unknown))}")
    if "company" in data.facts and not str(data.facts["company"] or "").strip():
        raise InvalidInput("company cannot be empty")
    if data.application_id:
        application_named(store, user_id, data.application_id)
    for _ in range(20):
        current = get_interview(store, user_id, interview_id)
        updated = dict(current)
        for field, value in data.facts.items():
            updated[field] = value.strip() if isinstance(value, str) else value
        if "company" in data.facts:
            updated["companyKey"] = company_key(updated["company"])
        moment, zone = _place_time(data.starts_at, data.time_zone, current)
        if moment is not None:
            updated["startsAt"] = iso(moment)
            updated["startsAtLocal"] = local_time(moment, zone)
            updated["timeZone"] = zone
            updated["timeKnown"] = True
            if current["status"] == "pending":
                updated["status"] = "scheduled"
        elif zone is not None:
            updated["timeZone"] = zone
        if data.application_id:
            updated["applicationId"] = data.application_id
        now = iso()
        updated["history"] = [
            *current.get("history", []),
            {
                "at": now,
                "event": "corrected",
                "by": "user",
                "startsAt": updated.get("startsAtLocal") if updated.get("timeKnown") else None,
            },
        ]
        updated["updatedAt"] = now
        try:
            return store.put(TABLE, updated, expected_version=int(current.get("version", 0)))
        except ConditionFailed:
            time.sleep(0.005)
    raise RuntimeError("the interview kept changing; try again")


def dismiss_interview(store: Store, user_id: str, interview_id: str) -> None:
    """ "Not an interview": the detection goes, with what it did to the tracker. The row stays as
    a tombstone of its message ids (without the facts read from them), so a rescan skips them."""
    current = get_interview(store, user_id, interview_id)
    message_ids = set(current.get("messageIds", []))
    if current.get("applicationId") and message_ids:
        drop_email_effects(store, user_id, current["applicationId"], message_ids)
    tombstone: dict[str, Any] = {
        key: current[key]
        for key in ("interviewId", "userId", "startsAt", "messageIds", "createdAt", "version")
        if key in current
    }
    tombstone.update(
        status=DISMISSED,
        timeKnown=False,
        threadIds=[],
        rfcMessageIds=[],
        dismissedAt=iso(),
        updatedAt=iso(),
    )
    try:
        store.put(TABLE, tombstone, expected_version=int(current.get("version", 0)))
    except ConditionFailed:
        raise Conflict("the interview changed while it was being dismissed; try again") from None
