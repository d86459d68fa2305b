"""Interviews found in email: recorded once per message, updated by reschedules, marked
cancelled by cancellations, and linked to the application with the same company.

An email about an interview already known (same calendar UID, same thread, or a change notice
from the same company) updates that interview instead of adding another.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta
from typing import Any

from core.applications.service import email_cause, link_interview
from core.clock import iso, parse_iso, utcnow
from core.email.detect import Detection
from core.email.extract import company_key
from core.errors import NotFound
from core.storage.port import ConditionFailed, Store

TABLE = "Interviews"
INDEX = "UserIdIndex"


def interview_id_for(user_id: str, message_id: str) -> str:
    return hashlib.sha256(f"{user_id}\x1finterview\x1f{message_id}".encode()).hexdigest()[:32]


def list_interviews(
    store: Store, user_id: str, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Upcoming interviews soonest first, then those with no time yet, then past and cancelled
    ones, most recent first."""
    now = now or utcnow()
    items = store.query(TABLE, user_id, index=INDEX)
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
    if item is None or item.get("userId") != user_id:
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
) -> dict[str, Any] | None:
    """Apply one detected interview email. Idempotent per `message_id`: applying the same
    message again changes nothing. Returns the interview touched, if any."""
    if not detection.is_interview:
        return None
    received = received_at or detection.received_at or utcnow()
    interviews = store.query(TABLE, user_id, index=INDEX)
    for item in interviews:
        if message_id in item.get("messageIds", []):
            return item
    match = _match(interviews, detection, thread_id, received)
    if detection.event == "cancellation":
        if match is None:
            return None
        return _update(store, match, detection, message_id, thread_id, cancel=True)
    if match is not None:
        return _update(store, match, detection, message_id, thread_id, cancel=False)
    return _create(store, user_id, detection, message_id, thread_id, received)


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
    message_id: str,
    thread_id: str | None,
    received: datetime,
) -> dict[str, Any]:
    interview_id = interview_id_for(user_id, message_id)
    application_id = None
    if detection.company:
        application = link_interview(
            store,
            user_id,
            company=detection.company,
            role=detection.role,
            cause=email_cause(message_id, interview_id),
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
        "startsAtLocal": detection.starts_at.isoformat() if detection.starts_at else None,
        "timeKnown": known,
        "status": "scheduled" if known else "pending",
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
    message_id: str,
    thread_id: str | None,
    *,
    cancel: bool,
) -> dict[str, Any]:
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
                updated["startsAt"] = iso(detection.starts_at)
                updated["startsAtLocal"] = detection.starts_at.isoformat()
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
                cause=email_cause(message_id, saved["interviewId"]),
            )
            saved = _set_application(store, saved, application["applicationId"])
        return saved
    raise RuntimeError("the interview kept changing; try again")


def _set_application(store: Store, item: dict[str, Any], application_id: str) -> dict[str, Any]:
    updated = {**item, "applicationId": application_id, "updatedAt": iso()}
    try:
        return store.put(TABLE, updated, expected_version=int(item.get("version", 0)))
    except ConditionFailed:
        return item
