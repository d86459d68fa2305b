"""The review queue: emails that might change the tracker, waiting for the person's word.

Each item keeps what was read from its email. The person accepts it as read (one click),
corrects it (category, company, role, application) and then applies it, or dismisses it. An
accepted item can be undone: what it did is taken back and it waits in the queue again. Items
are keyed by user and message, so a rescan never queues the same email twice, and a dismissed
email stays dismissed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from core.applications.service import application_named, drop_email_effects
from core.clock import iso, parse_iso
from core.email.detect import Detection
from core.email.model import CATEGORIES
from core.errors import Conflict, InvalidInput, NotFound
from core.interviews.service import TABLE as INTERVIEWS
from core.interviews.service import local_time
from core.storage.port import ConditionFailed, Store
from core.tracker.reading import INTERVIEW_CATEGORIES, Reading, event_for
from core.tracker.updates import EmailRef, apply_reading, review_id_for

REVIEW_TABLE = "ReviewItems"
INDEX = "UserIdIndex"
PENDING, ACCEPTED, DISMISSED = "pending", "accepted", "dismissed"
_DATETIME_FIELDS = ("starts_at", "received_at")


def queue_for_review(
    store: Store, user_id: str, reading: Reading, ref: EmailRef, reason: str
) -> dict[str, Any]:
    now = iso()
    detection = reading.detection
    item: dict[str, Any] = {
        "reviewId": review_id_for(user_id, ref.message_id),
        "userId": user_id,
        "status": PENDING,
        "reason": reason,
        "category": reading.category,
        "confidence": round(reading.confidence, 3),
        "company": reading.company,
        "role": reading.role,
        "startsAt": local_time(detection.starts_at, reading.time_zone),
        "timeZone": reading.time_zone,
        "interviewId": (reading.interview or {}).get("interviewId"),
        "messageId": ref.message_id,
        "threadId": ref.thread_id,
        "subject": ref.subject,
        "sender": ref.sender,
        "receivedAt": iso(ref.received_at) if ref.received_at else None,
        "detection": _detection_json(detection),
        "bulk": reading.bulk,
        "effects": [],
        "createdAt": now,
        "updatedAt": now,
    }
    try:
        return store.put(REVIEW_TABLE, item, expected_version=0)
    except ConditionFailed:
        return store.get(REVIEW_TABLE, {"reviewId": item["reviewId"]}) or item


def list_items(store: Store, user_id: str, *, status: str | None = PENDING) -> list[dict[str, Any]]:
    """The user's review items, newest email first."""
    items = store.query(REVIEW_TABLE, user_id, index=INDEX, descending=True)
    if status is not None:
        items = [i for i in items if i["status"] == status]
    items.sort(key=lambda i: i.get("receivedAt") or i["createdAt"], reverse=True)
    return items


def get_item(store: Store, user_id: str, review_id: str) -> dict[str, Any]:
    item = store.get(REVIEW_TABLE, {"reviewId": review_id})
    if item is None or item.get("userId") != user_id:
        raise NotFound("no such review item")
    return item


@dataclass(frozen=True)
class Correction:
    """The person's reading of an email; what is left out stays as it was read."""

    category: str | None = None
    company: str | None = None
    role: str | None = None
    application_id: str | None = None


def accept(store: Store, user_id: str, review_id: str) -> dict[str, Any]:
    """Apply the email as it was read."""
    return _resolve(store, user_id, review_id, Correction(), corrected=False)


def correct(store: Store, user_id: str, review_id: str, correction: Correction) -> dict[str, Any]:
    """Apply the email as the person reads it."""
    if correction.category is not None and correction.category not in CATEGORIES:
        raise InvalidInput(f"category must be one of: {', '.join(CATEGORIES)}")
    return _resolve(store, user_id, review_id, correction, corrected=True)


def dismiss(store: Store, user_id: str, review_id: str) -> dict[str, Any]:
    """Nothing to do with this email; it is not read again."""
    item = get_item(store, user_id, review_id)
    if item["status"] == ACCEPTED:
        raise Conflict("this email was applied; undo it first")
    return _save(store, item, {"status": DISMISSED, "resolvedAt": iso()})


def undo(store: Store, user_id: str, review_id: str) -> dict[str, Any]:
    """Take back what accepting the item did; it waits in the queue again."""
    item = get_item(store, user_id, review_id)
    if item["status"] == PENDING:
        raise Conflict("this email has not been applied or dismissed")
    if item["status"] == ACCEPTED:
        _take_back(store, user_id, item)
    return _save(
        store,
        item,
        {"status": PENDING, "effects": [], "resolvedAt": None, "corrected": False,
         "applicationIds": [], "appliedInterviewId": None},
    )  # fmt: skip


def _resolve(
    store: Store, user_id: str, review_id: str, correction: Correction, *, corrected: bool
) -> dict[str, Any]:
    item = get_item(store, user_id, review_id)
    if item["status"] != PENDING:
        raise Conflict(f"this email was {item['status']} already; undo that first")
    company = correction.company or item.get("company")
    if correction.application_id:
        app = application_named(store, user_id, correction.application_id)
        company = correction.company or app["company"]
    category = correction.category or item.get("category") or "other"
    if category == "other":
        return _save(store, item, {"status": DISMISSED, "resolvedAt": iso(), "category": "other"})
    if not company:
        raise InvalidInput("say which company (or application) this email is about")
    reading = _reading(store, user_id, item, category, company, correction.role)
    outcome = apply_reading(
        store, user_id, reading, _ref(item), application_id=correction.application_id
    )
    changes: dict[str, Any] = {
        "status": ACCEPTED,
        "resolvedAt": iso(),
        "corrected": corrected,
        "effects": outcome.effects,
        "applicationIds": outcome.application_ids,
        "appliedInterviewId": outcome.interview_id,
    }
    if corrected:
        changes.update(category=category, company=company, role=reading.role)
    return _save(store, item, changes)


def _reading(
    store: Store,
    user_id: str,
    item: dict[str, Any],
    category: str,
    company: str,
    role: str | None,
) -> Reading:
    detection = _detection_from(item.get("detection") or {})
    detection.company = company
    detection.role = role or item.get("role")
    interview = None
    if item.get("interviewId"):
        found = store.get(INTERVIEWS, {"interviewId": item["interviewId"]})
        if found is not None and found.get("userId") == user_id and found["status"] != "dismissed":
            interview = found
    if category in INTERVIEW_CATEGORIES:
        detection.is_interview = True
        detection.event = event_for(category)
    return Reading(
        category=category,
        confidence=float(item.get("confidence") or 0),
        detection=detection,
        company=company,
        role=detection.role,
        time_zone=item.get("timeZone"),
        interview=interview,
    )


def _take_back(store: Store, user_id: str, item: dict[str, Any]) -> None:
    message_ids = {item["messageId"]}
    for effect in item.get("effects", []):
        if effect.get("type") != "interview":
            continue
        current = store.get(INTERVIEWS, {"interviewId": effect["interviewId"]})
        if current is None:
            continue
        before = effect.get("before")
        if before is None:
            store.delete(INTERVIEWS, {"interviewId": effect["interviewId"]})
        else:
            restored = {**before, "updatedAt": iso()}
            store.put(INTERVIEWS, restored, expected_version=int(current.get("version", 0)))
    for application_id in item.get("applicationIds", []):
        drop_email_effects(store, user_id, application_id, message_ids)


def _ref(item: dict[str, Any]) -> EmailRef:
    received = item.get("receivedAt")
    return EmailRef(
        message_id=item["messageId"],
        thread_id=item.get("threadId"),
        subject=item.get("subject") or "",
        sender=item.get("sender") or "",
        received_at=parse_iso(received) if received else None,
    )


def _save(store: Store, item: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    def change(current: dict[str, Any] | None) -> dict[str, Any]:
        if current is None:
            raise NotFound("no such review item")
        return {**current, **changes, "updatedAt": iso()}

    try:
        saved = store.update(REVIEW_TABLE, {"reviewId": item["reviewId"]}, change)
    except ConditionFailed:
        raise Conflict("the review item kept changing; try again") from None
    assert saved is not None  # `change` never declines
    return saved


def _detection_json(detection: Detection) -> dict[str, Any]:
    out = asdict(detection)
    for name in _DATETIME_FIELDS:
        value = out.get(name)
        out[name] = value.isoformat() if isinstance(value, datetime) else None
    return out


def _detection_from(data: dict[str, Any]) -> Detection:
    known = {f.name for f in fields(Detection)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _DATETIME_FIELDS:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    values.setdefault("is_interview", False)
    values.setdefault("confidence", 0.0)
    values.setdefault("event", None)
    return Detection(**values)
