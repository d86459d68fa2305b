"""The application tracker: one row per job the user is pursuing, with every status change and
what caused it (the user, or an email).

Status flows saved → applied → interviewing → offer, and ends in rejected, withdrawn or ghosted.
The user may set any status; emails only move an application forward, and every move an email
made can be undone by the user (the history keeps both the move and its undoing).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from core.clock import iso
from core.email.extract import company_key
from core.errors import Conflict, InvalidInput, NotFound
from core.storage.port import ConditionFailed, Store

TABLE = "Applications"
JOBS_TABLE = "Jobs"
INDEX = "UserIdIndex"
STATUSES = ("saved", "applied", "interviewing", "offer", "rejected", "withdrawn", "ghosted")
_EDITABLE = frozenset(
    {"company", "title", "url", "status", "appliedAt", "notes", "contacts", "jobId"}
)
MAX_NOTES = 10_000
MAX_CONTACTS = 50


def user_cause() -> dict[str, Any]:
    return {"type": "user"}


def email_cause(
    message_id: str,
    interview_id: str | None = None,
    *,
    subject: str | None = None,
    sender: str | None = None,
    received_at: str | None = None,
    category: str | None = None,
) -> dict[str, Any]:
    """The email behind a change, named so that the person can recognise it in the history."""
    cause: dict[str, Any] = {"type": "email", "messageId": message_id}
    if interview_id:
        cause["interviewId"] = interview_id
    for name, value in (
        ("subject", subject),
        ("sender", sender),
        ("receivedAt", received_at),
        ("category", category),
    ):
        if value:
            cause[name] = value[:300]
    return cause


# How far along each status is: an email moves an application only to a later stage, and never
# out of an end the person reached (rejected, withdrawn).
_STAGE = {"saved": 0, "ghosted": 0, "applied": 1, "interviewing": 2, "offer": 3, "rejected": 4}
_ENDS = frozenset({"rejected", "withdrawn"})


def email_may_move(current: str, target: str) -> bool:
    if current in _ENDS or current == target:
        return False
    return _STAGE.get(target, -1) > _STAGE.get(current, -1)


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}")
    return status


def _history_entry(old: str | None, new: str, cause: Mapping[str, Any], at: str) -> dict[str, Any]:
    return {
        "entryId": uuid.uuid4().hex[:16],
        "at": at,
        "from": old,
        "to": new,
        "cause": dict(cause),
    }


def create_application(
    store: Store,
    user_id: str,
    *,
    company: str,
    title: str | None = None,
    url: str | None = None,
    job_id: str | None = None,
    status: str = "saved",
    applied_at: str | None = None,
    notes: str = "",
    contacts: list[dict[str, Any]] | None = None,
    cause: Mapping[str, Any] | None = None,
    application_id: str | None = None,
) -> dict[str, Any]:
    """Create an application. With `application_id` given the write is idempotent: an existing
    application with that id is returned as it is."""
    company = (company or "").strip()
    if not company:
        raise InvalidInput("company is required")
    _check_status(status)
    now = iso()
    item = {
        "applicationId": application_id or uuid.uuid4().hex,
        "userId": user_id,
        "jobId": job_id,
        "company": company,
        "companyKey": company_key(company),
        "title": (title or "").strip() or None,
        "url": url,
        "status": status,
        # The index sorts by appliedAt, so every row has one: until the user applies it is the
        # day the job was saved.
        "appliedAt": applied_at or now,
        "notes": notes[:MAX_NOTES],
        "contacts": (contacts or [])[:MAX_CONTACTS],
        "history": [_history_entry(None, status, cause or user_cause(), now)],
        "createdAt": now,
        "updatedAt": now,
    }
    try:
        return store.put(TABLE, item, expected_version=0)
    except ConditionFailed:
        existing = store.get(TABLE, {"applicationId": item["applicationId"]})
        if existing is None or existing.get("userId") != user_id:
            raise
        return existing


def list_applications(
    store: Store, user_id: str, *, status: str | None = None
) -> list[dict[str, Any]]:
    """The user's applications, most recently applied first."""
    items = store.query(TABLE, user_id, index=INDEX, descending=True)
    if status is not None:
        _check_status(status)
        items = [i for i in items if i.get("status") == status]
    return items


def get_application(store: Store, user_id: str, application_id: str) -> dict[str, Any]:
    item = store.get(TABLE, {"applicationId": application_id})
    if item is None or item.get("userId") != user_id:
        raise NotFound("no such application")
    return item


def application_named(store: Store, user_id: str, application_id: str) -> dict[str, Any]:
    """The application a request body names: one of the user's, else a 422 (the request is
    wrong, while the resource in its path may well exist)."""
    try:
        return get_application(store, user_id, application_id)
    except NotFound:
        raise InvalidInput(
            "applicationId names no application of yours", code="unknown_application"
        ) from None


def update_application(
    store: Store,
    user_id: str,
    application_id: str,
    changes: Mapping[str, Any],
    *,
    cause: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply `changes` (camelCase field names); a status change is recorded in the history."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change: {', '.join(sorted(unknown))}")
    if "status" in changes:
        _check_status(str(changes["status"]))
    if "company" in changes and not str(changes["company"] or "").strip():
        raise InvalidInput("company cannot be empty")
    for _ in range(20):
        current = get_application(store, user_id, application_id)
        updated = _apply(current, changes, cause or user_cause())
        try:
            return store.put(TABLE, updated, expected_version=int(current.get("version", 0)))
        except ConditionFailed:
            time.sleep(0.005)
    raise RuntimeError("the application kept changing; try again")


def _apply(
    current: dict[str, Any], changes: Mapping[str, Any], cause: Mapping[str, Any]
) -> dict[str, Any]:
    now = iso()
    updated = dict(current)
    for field, value in changes.items():
        if field == "company":
            updated["company"] = str(value).strip()
            updated["companyKey"] = company_key(updated["company"])
        elif field == "notes":
            updated["notes"] = str(value or "")[:MAX_NOTES]
        elif field == "contacts":
            updated["contacts"] = list(value or [])[:MAX_CONTACTS]
        elif field == "appliedAt":
            updated["appliedAt"] = value or current["appliedAt"]
        else:
            updated[field] = value
    new_status = changes.get("status")
    if new_status is not None and new_status != current["status"]:
        updated["history"] = [
            *current.get("history", []),
            _history_entry(current["status"], str(new_status), cause, now),
        ]
        if current["status"] == "saved" and new_status == "applied" and "appliedAt" not in changes:
            updated["appliedAt"] = now
    updated["updatedAt"] = now
    return updated


def delete_application(store: Store, user_id: str, application_id: str) -> None:
    get_application(store, user_id, application_id)
    store.delete(TABLE, {"applicationId": application_id})


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def save_job(store: Store, user_id: str, job_id: str) -> tuple[dict[str, Any], bool]:
    """Track a job found by search as a "saved" application. Saving it again returns the same
    application. Returns (application, created)."""
    job = store.get(JOBS_TABLE, {"jobId": job_id})
    if job is None:
        raise NotFound("no such job")
    application_id = _stable_id(user_id, "job", job_id)
    existing = store.get(TABLE, {"applicationId": application_id})
    if existing is not None:
        return existing, False
    created = create_application(
        store,
        user_id,
        company=str(job.get("company") or "Unknown company"),
        title=job.get("title"),
        url=job.get("url"),
        job_id=job_id,
        status="saved",
        application_id=application_id,
    )
    return created, True


def find_by_company(store: Store, user_id: str, company: str) -> dict[str, Any] | None:
    """The user's application with this company (the most recent one when several match)."""
    key = company_key(company)
    if not key:
        return None
    best: tuple[float, str, dict[str, Any]] | None = None
    for item in store.query(TABLE, user_id, index=INDEX, descending=True):
        other = item.get("companyKey") or company_key(item.get("company", ""))
        if other == key:
            score = 100.0
        else:
            score = fuzz.token_sort_ratio(key, other)
            if score < 90:
                continue
        rank = (score, str(item.get("appliedAt", "")), item)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def link_interview(
    store: Store,
    user_id: str,
    *,
    company: str,
    role: str | None,
    cause: Mapping[str, Any],
) -> dict[str, Any]:
    """The application an interview belongs to, created when there is none, moved to
    "interviewing" when it was still before that stage."""
    found = move_from_email(
        store, user_id, company=company, role=role, status="interviewing", cause=cause
    )
    if found is None:  # created when missing, so never
        raise RuntimeError("no application for the interview")
    return found


def move_from_email(
    store: Store,
    user_id: str,
    *,
    company: str,
    role: str | None,
    status: str,
    cause: Mapping[str, Any],
    application_id: str | None = None,
    create: bool = True,
) -> dict[str, Any] | None:
    """Move the application an email is about (the one named, else the one with its company)
    to `status` when that is a step forward; create it at `status` when there is none and
    `create` allows. Returns the application, or None when there is none."""
    _check_status(status)
    existing = (
        get_application(store, user_id, application_id)
        if application_id
        else find_by_company(store, user_id, company)
    )
    if existing is None:
        if not create:
            return None
        return create_application(
            store,
            user_id,
            company=company,
            title=role,
            status=status,
            cause=cause,
            application_id=_stable_id(user_id, "company", company_key(company)),
        )
    message_id = cause.get("messageId")
    if message_id and any(
        h.get("cause", {}).get("messageId") == message_id for h in existing.get("history", [])
    ):
        return existing  # this email moved it once already (and may have been undone since)
    changes: dict[str, Any] = {}
    if email_may_move(existing["status"], status):
        changes["status"] = status
    if role and not existing.get("title"):
        changes["title"] = role
    if not changes:
        return existing
    return update_application(store, user_id, existing["applicationId"], changes, cause=cause)


def undo_move(store: Store, user_id: str, application_id: str, entry_id: str) -> dict[str, Any]:
    """Undo a status move an email made: the status goes back to what it was before, and the
    history records the undoing. Refused when the status has moved on since."""
    for _ in range(20):
        current = get_application(store, user_id, application_id)
        history = list(current.get("history", []))
        index = next((n for n, h in enumerate(history) if h.get("entryId") == entry_id), None)
        if index is None:
            raise NotFound("no such change in this application's history")
        entry = history[index]
        if entry.get("cause", {}).get("type") != "email":
            raise Conflict("only changes made from an email can be undone; set the status instead")
        if entry.get("undone"):
            raise Conflict("this change was undone already")
        if entry.get("from") is None:
            raise Conflict(
                "this card was created from an email; delete the card, or dismiss the interview "
                "it came from"
            )
        if current["status"] != entry["to"]:
            raise Conflict(
                f"the status has changed since (it is now {current['status']}); set it by hand"
            )
        now = iso()
        history[index] = {**entry, "undone": True}
        undo = _history_entry(entry["to"], entry["from"], {"type": "user", "undoOf": entry_id}, now)
        updated = {
            **current,
            "status": entry["from"],
            "history": [*history, undo],
            "updatedAt": now,
        }
        try:
            return store.put(TABLE, updated, expected_version=int(current.get("version", 0)))
        except ConditionFailed:
            time.sleep(0.005)
    raise RuntimeError("the application kept changing; try again")


def entries_caused_by(
    application: Mapping[str, Any], message_ids: set[str]
) -> list[dict[str, Any]]:
    """The history entries of `application` that these emails caused and are not undone."""
    return [
        h
        for h in application.get("history", [])
        if h.get("cause", {}).get("messageId") in message_ids and not h.get("undone")
    ]


def drop_email_effects(
    store: Store, user_id: str, application_id: str, message_ids: set[str]
) -> None:
    """Take back what these emails did to an application: a card they created and nobody else
    touched goes away; moves they made are undone while the status still stands."""
    try:
        current = get_application(store, user_id, application_id)
    except NotFound:
        return
    history = current.get("history", [])
    caused = entries_caused_by(current, message_ids)
    if not caused:
        return
    created_by_them = history and history[0] in caused
    others = [h for h in history if h not in caused and not h.get("undone")]
    if created_by_them and not others:
        store.delete(TABLE, {"applicationId": application_id})
        return
    for entry in reversed(caused):
        if entry.get("from") is None:
            continue
        with contextlib.suppress(Conflict):
            undo_move(store, user_id, application_id, entry["entryId"])
