"""The application tracker: one row per job the user is pursuing, with every status change and
what caused it (the user, or an email).

Status flows saved → applied → interviewing → offer, and ends in rejected, withdrawn or ghosted.
The user may set any status; emails only move an application forward, and every move an email
made can be undone by the user (the history keeps both the move and its undoing).
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable

from pydantic.alias_generators import to_camel
from rapidfuzz import fuzz

from core.applications.repository import (
    INDEX,
    STATUSES,
    Application,
    ApplicationStatus,
    Cause,
    Contact,
    HistoryEntry,
    applications,
)
from core.clock import iso
from core.email.company import company_key
from core.email.model import Category
from core.errors import Conflict, InvalidInput, NotFound
from core.interviews.repository import INDEX as INTERVIEWS_INDEX
from core.interviews.repository import Interview, interviews
from core.interviews.repository import key as interview_key
from core.jobs.repository import JobRepository
from core.storage.port import UPDATE_ATTEMPTS, ConditionFailed, Store
from core.storage.records import Record, Repository

MAX_NOTES = 10_000
MAX_CONTACTS = 50


def user_cause() -> Cause:
    return Cause(type="user")


def email_cause(
    message_id: str,
    interview_id: str | None = None,
    *,
    subject: str | None = None,
    sender: str | None = None,
    received_at: str | None = None,
    category: Category | None = None,
) -> Cause:
    """The email behind a change, named so that the person can recognise it in the history."""
    return Cause(
        type="email",
        message_id=message_id,
        interview_id=interview_id or None,
        subject=subject[:300] if subject else None,
        sender=sender[:300] if sender else None,
        received_at=received_at or None,
        category=category or None,
    )


# How far along each status is: an email moves an application only to a later stage, and never
# out of an end the person reached (rejected, withdrawn).
_STAGE = {"saved": 0, "ghosted": 0, "applied": 1, "interviewing": 2, "offer": 3, "rejected": 4}
_ENDS = frozenset({"rejected", "withdrawn"})


def email_may_move(current: str, target: str) -> bool:
    if current in _ENDS or current == target:
        return False
    return _STAGE.get(target, -1) > _STAGE.get(current, -1)


def _check_status(status: str) -> ApplicationStatus:
    for known in STATUSES:
        if status == known:
            return known
    raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}")


def _history_entry(
    old: ApplicationStatus | None, new: ApplicationStatus, cause: Cause, at: str
) -> HistoryEntry:
    return HistoryEntry(entry_id=uuid.uuid4().hex[:16], at=at, from_=old, to=new, cause=cause)


def _key(application_id: str) -> dict[str, str]:
    return {"applicationId": application_id}


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
    contacts: list[Contact] | None = None,
    cause: Cause | None = None,
    application_id: str | None = None,
) -> Application:
    """Create an application. With `application_id` given the write is idempotent: an existing
    application with that id is returned as it is."""
    company = (company or "").strip()
    if not company:
        raise InvalidInput("company is required")
    checked = _check_status(status)
    now = iso()
    record = Application(
        application_id=application_id or uuid.uuid4().hex,
        user_id=user_id,
        job_id=job_id,
        company=company,
        company_key=company_key(company),
        title=(title or "").strip() or None,
        url=url,
        status=checked,
        applied_at=applied_at or now,
        notes=notes[:MAX_NOTES],
        contacts=(contacts or [])[:MAX_CONTACTS],
        history=[_history_entry(None, checked, cause or user_cause(), now)],
        created_at=now,
        updated_at=now,
    )
    stored = applications(store).put_new(record)
    if stored.user_id != user_id:
        raise ConditionFailed(f"application {record.application_id} is someone else's")
    return stored


def list_applications(
    store: Store, user_id: str, *, status: str | None = None
) -> list[Application]:
    """The user's applications, most recently applied first."""
    items = applications(store).query(user_id, index=INDEX, descending=True)
    if status is not None:
        _check_status(status)
        items = [i for i in items if i.status == status]
    return items


def get_application(store: Store, user_id: str, application_id: str) -> Application:
    return applications(store).get_owned(_key(application_id), user_id, what="application")


def application_named(store: Store, user_id: str, application_id: str) -> Application:
    """The application a request body names: one of the user's, else a 422 (the request is
    wrong, while the resource in its path may well exist)."""
    try:
        return get_application(store, user_id, application_id)
    except NotFound:
        raise InvalidInput(
            "applicationId names no application of yours", code="unknown_application"
        ) from None


class ApplicationChanges(Record):
    """Fields to change; only those set (even to None) are changed. `title`, `url` and `jobId`
    may be cleared; the other fields always keep a value."""

    model_config = Record.model_config | {"extra": "forbid"}

    company: str | None = None
    title: str | None = None
    url: str | None = None
    job_id: str | None = None
    status: ApplicationStatus | None = None
    applied_at: str | None = None
    notes: str | None = None
    contacts: list[Contact] | None = None


def _change(
    store: Store, user_id: str, application_id: str, edit: Callable[[Application], Application]
) -> Application:
    """Read, `edit` and write the user's application, again when someone wrote in between."""

    def mutate(current: Application | None) -> Application:
        if current is None or current.user_id != user_id:
            raise NotFound("application not found")
        return edit(current)

    try:
        saved = applications(store).update(_key(application_id), mutate)
    except ConditionFailed:
        raise Conflict("the application kept changing; try again") from None
    assert saved is not None  # `mutate` never declines
    return saved


def update_application(
    store: Store,
    user_id: str,
    application_id: str,
    changes: ApplicationChanges,
    *,
    cause: Cause | None = None,
) -> Application:
    """Apply `changes`; a status change is recorded in the history."""
    given = changes.model_fields_set
    for name in ("company", "status", "applied_at", "notes", "contacts"):
        if name in given and getattr(changes, name) is None:
            raise InvalidInput(f"{to_camel(name)} cannot be null")
    if "company" in given and not str(changes.company or "").strip():
        raise InvalidInput("company cannot be empty")
    return _change(
        store, user_id, application_id, lambda a: _apply(a, changes, cause or user_cause())
    )


def _apply(current: Application, changes: ApplicationChanges, cause: Cause) -> Application:
    now = iso()
    given = changes.model_fields_set
    update: dict[str, object] = {name: getattr(changes, name) for name in given}
    if changes.company is not None:
        update["company"] = changes.company.strip()
        update["company_key"] = company_key(changes.company.strip())
    if changes.notes is not None:
        update["notes"] = changes.notes[:MAX_NOTES]
    if changes.contacts is not None:
        update["contacts"] = changes.contacts[:MAX_CONTACTS]
    if "applied_at" in given:
        update["applied_at"] = changes.applied_at or current.applied_at
    history = current.history
    new_status = changes.status
    if new_status is not None and new_status != current.status:
        history = [*history, _history_entry(current.status, new_status, cause, now)]
        if current.status == "saved" and new_status == "applied" and "applied_at" not in given:
            update["applied_at"] = now
    update["history"] = history
    update["updated_at"] = now
    return current.model_copy(update=update)


def delete_application(store: Store, user_id: str, application_id: str) -> None:
    """Remove the user's application with what belongs to it: interviews the person added by
    hand inside it go too; interviews read from email stay (the email still says so) but are
    no longer linked. Interviews are settled first, so a retry after a failure finishes the
    job, and a repeat finds nothing left to do."""
    found = applications(store).get(_key(application_id))
    if found is not None and found.user_id == user_id:
        release_interviews(store, user_id, application_id)
        applications(store).delete(_key(application_id))
        return
    # Interviews left pointing at an application already gone are settled all the same.
    release_interviews(store, user_id, application_id)
    raise NotFound("application not found")


def release_interviews(store: Store, user_id: str, application_id: str) -> None:
    """Delete the user's hand-added interviews linked to this application and unlink the
    others. Only the user's own interviews are read, so another person's are never touched."""
    repo = interviews(store)
    for item in repo.query(user_id, index=INTERVIEWS_INDEX):
        if item.application_id == application_id:
            _release(repo, item, application_id)


def _release(repo: Repository[Interview], item: Interview, application_id: str) -> None:
    key = interview_key(item.interview_id)
    current: Interview | None = item
    for _ in range(UPDATE_ATTEMPTS):
        if current is None or current.application_id != application_id:
            return  # gone, or moved to another application meanwhile
        try:
            if current.source == "manual":
                repo.delete(key, expected_version=current.version)
            else:
                unlinked = current.model_copy(update={"application_id": None, "updated_at": iso()})
                repo.put(unlinked, expected_version=current.version)
            return
        except ConditionFailed:
            current = repo.get(key)
    raise Conflict("the application's interviews kept changing; try again")


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def save_job(store: Store, user_id: str, job_id: str) -> tuple[Application, bool]:
    """Track a job found by search as a "saved" application. Saving it again returns the same
    application. Returns (application, created)."""
    job = JobRepository(store).find(job_id)
    if job is None:
        raise NotFound("no such job")
    application_id = _stable_id(user_id, "job", job_id)
    existing = applications(store).get(_key(application_id))
    if existing is not None:
        return existing, False
    created = create_application(
        store,
        user_id,
        company=job.company or "Unknown company",
        title=job.title,
        url=job.url,
        job_id=job_id,
        status="saved",
        application_id=application_id,
    )
    return created, True


def find_by_company(store: Store, user_id: str, company: str) -> Application | None:
    """The user's application with this company (the most recent one when several match)."""
    key = company_key(company)
    if not key:
        return None
    best: tuple[float, str, Application] | None = None
    for item in applications(store).query(user_id, index=INDEX, descending=True):
        other = item.company_key or company_key(item.company)
        if other == key:
            score = 100.0
        elif _extends(key, other) or _extends(other, key):
            score = 92.0
        else:
            score = fuzz.token_sort_ratio(key, other)
            if score < 90:
                continue
        rank = (score, item.applied_at, item)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def _extends(short: str, long: str) -> bool:
    """Whether one company key is the other with words after it ("harbor & vine" and "harbor &
    vine retail"): emails often drop what a posting spells out. A one-word name is left alone,
    so "meta" does not take in "meta financial"."""
    head, full = short.split(), long.split()
    return 2 <= len(head) < len(full) and full[: len(head)] == head


def link_interview(
    store: Store,
    user_id: str,
    *,
    company: str,
    role: str | None,
    cause: Cause,
) -> Application:
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
    cause: Cause,
    application_id: str | None = None,
    create: bool = True,
) -> Application | None:
    """Move the application an email is about (the one named, else the one with its company)
    to `status` when that is a step forward; create it at `status` when there is none and
    `create` allows. Returns the application, or None when there is none."""
    target = _check_status(status)
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
            status=target,
            cause=cause,
            application_id=_stable_id(user_id, "company", company_key(company)),
        )
    message_id = cause.message_id
    if message_id and any(h.cause.message_id == message_id for h in existing.history):
        return existing  # this email moved it once already (and may have been undone since)
    changes = ApplicationChanges()
    if email_may_move(existing.status, target):
        changes.status = target
    if role and not existing.title:
        changes.title = role
    if not changes.model_fields_set:
        return existing
    return update_application(store, user_id, existing.application_id, changes, cause=cause)


def undo_move(store: Store, user_id: str, application_id: str, entry_id: str) -> Application:
    """Undo a status move an email (or the adding of an interview) made: the status goes back
    to what it was before, and the history records the undoing. Refused when the status has
    moved on since."""

    def edit(current: Application) -> Application:
        history = list(current.history)
        index = next((n for n, h in enumerate(history) if h.entry_id == entry_id), None)
        if index is None:
            raise NotFound("no such change in this application's history")
        entry = history[index]
        if entry.cause.type != "email" and entry.cause.interview_id is None:
            raise Conflict("only changes made from an email can be undone; set the status instead")
        if entry.undone:
            raise Conflict("this change was undone already")
        if entry.from_ is None:
            raise Conflict(
                "this card was created from an email; delete the card, or dismiss the interview "
                "it came from"
            )
        if current.status != entry.to:
            raise Conflict(
                f"the status has changed since (it is now {current.status}); set it by hand"
            )
        now = iso()
        history[index] = entry.model_copy(update={"undone": True})
        undo = _history_entry(entry.to, entry.from_, Cause(type="user", undo_of=entry_id), now)
        return current.model_copy(
            update={"status": entry.from_, "history": [*history, undo], "updated_at": now}
        )

    return _change(store, user_id, application_id, edit)


def entries_caused_by(application: Application, message_ids: set[str]) -> list[HistoryEntry]:
    """The history entries of `application` that these emails caused and are not undone."""
    return [h for h in application.history if h.cause.message_id in message_ids and not h.undone]


def drop_email_effects(
    store: Store, user_id: str, application_id: str, message_ids: set[str]
) -> None:
    """Take back what these emails did to an application."""
    _drop_effects(store, user_id, application_id, lambda c: c.message_id in message_ids)


def drop_interview_effects(
    store: Store, user_id: str, application_id: str, interview_id: str
) -> None:
    """Take back what adding this interview by hand did to its application (the move to
    "interviewing", or the card it created)."""
    _drop_effects(store, user_id, application_id, lambda c: c.interview_id == interview_id)


def _drop_effects(
    store: Store, user_id: str, application_id: str, caused_by: Callable[[Cause], bool]
) -> None:
    """A card these causes created and nobody else touched goes away; moves they made are
    undone while the status still stands."""
    try:
        current = get_application(store, user_id, application_id)
    except NotFound:
        return
    history = current.history
    caused = [h for h in history if caused_by(h.cause) and not h.undone]
    if not caused:
        return
    created_by_them = bool(history) and history[0] in caused
    others = [h for h in history if h not in caused and not h.undone]
    if created_by_them and not others:
        applications(store).delete(_key(application_id))
        return
    for entry in reversed(caused):
        if entry.from_ is None:
            continue
        with contextlib.suppress(Conflict):
            undo_move(store, user_id, application_id, entry.entry_id)
