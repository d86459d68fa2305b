"""The application tracker: one row per job the user is pursuing, with every status change and
what caused it (the user, or an email).

Status flows saved → applied → interviewing → offer, and ends in rejected, withdrawn or ghosted.
The user may set any status; emails only move an application forward.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from core.clock import iso
from core.email.extract import company_key
from core.errors import InvalidInput, NotFound
from core.storage.port import ConditionFailed, Store

TABLE = "Applications"
JOBS_TABLE = "Jobs"
INDEX = "UserIdIndex"
STATUSES = ("saved", "applied", "interviewing", "offer", "rejected", "withdrawn", "ghosted")
# Statuses an interview email may move to "interviewing"; later stages are left alone.
_BEFORE_INTERVIEWING = frozenset({"saved", "applied", "ghosted"})
_EDITABLE = frozenset(
    {"company", "title", "url", "status", "appliedAt", "notes", "contacts", "jobId"}
)
MAX_NOTES = 10_000
MAX_CONTACTS = 50


def user_cause() -> dict[str, Any]:
    return {"type": "user"}


def email_cause(message_id: str, interview_id: str | None = None) -> dict[str, Any]:
    cause: dict[str, Any] = {"type": "email", "messageId": message_id}
    if interview_id:
        cause["interviewId"] = interview_id
    return cause


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}")
    return status


def _history_entry(old: str | None, new: str, cause: Mapping[str, Any], at: str) -> dict[str, Any]:
    return {"at": at, "from": old, "to": new, "cause": dict(cause)}


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
    existing = find_by_company(store, user_id, company)
    if existing is None:
        return create_application(
            store,
            user_id,
            company=company,
            title=role,
            status="interviewing",
            cause=cause,
            application_id=_stable_id(user_id, "company", company_key(company)),
        )
    changes: dict[str, Any] = {}
    if existing["status"] in _BEFORE_INTERVIEWING:
        changes["status"] = "interviewing"
    if role and not existing.get("title"):
        changes["title"] = role
    if not changes:
        return existing
    return update_application(store, user_id, existing["applicationId"], changes, cause=cause)
