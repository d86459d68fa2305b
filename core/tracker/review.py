"""The review queue: emails that might change the tracker, waiting for the person's word.

Each item keeps what was read from its email. The person accepts it as read (one click),
corrects it (category, company, role, application) and then applies it, or dismisses it. An
accepted item can be undone: what it did is taken back and it waits in the queue again. Items
are keyed by user and message, so a rescan never queues the same email twice, and a dismissed
email stays dismissed.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace

from core.applications.service import application_named, drop_email_effects
from core.clock import iso, parse_iso
from core.email.message import EmailRef
from core.email.model import CATEGORIES, Category
from core.errors import Conflict, InvalidInput, NotFound
from core.interviews.repository import interviews
from core.interviews.repository import key as interview_key
from core.interviews.service import get_interview, local_time
from core.storage.port import ConditionFailed, Store
from core.tracker.reading import INTERVIEW_CATEGORIES, Reading, event_for
from core.tracker.repository import (
    ACCEPTED,
    DISMISSED,
    INDEX,
    PENDING,
    AsRead,
    ReviewItem,
    key,
    review_items,
)
from core.tracker.updates import apply_reading, review_id_for

_WHAT = "review item"


def queue_for_review(
    store: Store, user_id: str, reading: Reading, ref: EmailRef, reason: str
) -> ReviewItem:
    now = iso()
    detection = reading.detection
    item = ReviewItem(
        review_id=review_id_for(user_id, ref.message_id),
        user_id=user_id,
        status=PENDING,
        reason=reason,
        category=reading.category,
        confidence=round(reading.confidence, 3),
        company=reading.company,
        role=reading.role,
        starts_at=local_time(detection.starts_at, reading.time_zone),
        time_zone=reading.time_zone,
        interview_id=reading.interview.interview_id if reading.interview else None,
        message_id=ref.message_id,
        thread_id=ref.thread_id,
        subject=ref.subject,
        sender=ref.sender,
        received_at=iso(ref.received_at) if ref.received_at else None,
        detection=detection,
        bulk=reading.bulk,
        created_at=now,
        updated_at=now,
    )
    return review_items(store).put_new(item)


def list_items(store: Store, user_id: str, *, status: str | None = PENDING) -> list[ReviewItem]:
    """The user's review items, newest email first."""
    items = review_items(store).query(user_id, index=INDEX, descending=True)
    if status is not None:
        items = [i for i in items if i.status == status]
    items.sort(key=lambda i: i.received_at or i.created_at, reverse=True)
    return items


def get_item(store: Store, user_id: str, review_id: str) -> ReviewItem:
    return review_items(store).get_owned(key(review_id), user_id, what=_WHAT)


@dataclass(frozen=True)
class Correction:
    """The person's reading of an email; what is left out stays as it was read."""

    category: Category | None = None
    company: str | None = None
    role: str | None = None
    application_id: str | None = None


def accept(store: Store, user_id: str, review_id: str) -> ReviewItem:
    """Apply the email as it was read."""
    return _resolve(store, user_id, review_id, Correction(), corrected=False)


def correct(store: Store, user_id: str, review_id: str, correction: Correction) -> ReviewItem:
    """Apply the email as the person reads it."""
    if correction.category is not None and correction.category not in CATEGORIES:
        raise InvalidInput(f"category must be one of: {', '.join(CATEGORIES)}")
    return _resolve(store, user_id, review_id, correction, corrected=True)


def dismiss(store: Store, user_id: str, review_id: str) -> ReviewItem:
    """Nothing to do with this email; it is not read again."""
    item = get_item(store, user_id, review_id)
    if item.status == ACCEPTED:
        raise Conflict("this email was applied; undo it first")
    return _save(store, item, status=DISMISSED, resolved_at=iso())


def undo(store: Store, user_id: str, review_id: str) -> ReviewItem:
    """Take back what accepting the item did; it waits in the queue again."""
    item = get_item(store, user_id, review_id)
    if item.status == PENDING:
        raise Conflict("this email has not been applied or dismissed")
    if item.status == ACCEPTED:
        _take_back(store, user_id, item)
    # A correction is taken back with what it did: the item is the email as it was read.
    as_read = item.as_read.model_dump() if item.as_read else {}
    return _save(
        store,
        item,
        **as_read,
        status=PENDING,
        effects=[],
        resolved_at=None,
        corrected=False,
        application_ids=[],
        applied_interview_id=None,
        as_read=None,
    )


def _resolve(
    store: Store, user_id: str, review_id: str, correction: Correction, *, corrected: bool
) -> ReviewItem:
    item = get_item(store, user_id, review_id)
    if item.status != PENDING:
        raise Conflict(f"this email was {item.status} already; undo that first")
    company = correction.company or item.company
    if correction.application_id:
        app = application_named(store, user_id, correction.application_id)
        company = correction.company or app.company
    category = correction.category or item.category or "other"
    as_read = AsRead(category=item.category, company=item.company, role=item.role)
    if category == "other":
        return _save(
            store, item, status=DISMISSED, resolved_at=iso(), category="other", as_read=as_read
        )
    if not company:
        raise InvalidInput("say which company (or application) this email is about")
    reading = _reading(store, user_id, item, category, company, correction.role)
    outcome = apply_reading(
        store, user_id, reading, _ref(item), application_id=correction.application_id
    )
    resolved = {
        "status": ACCEPTED,
        "resolved_at": iso(),
        "corrected": corrected,
        "effects": outcome.effects,
        "application_ids": outcome.application_ids,
        "applied_interview_id": outcome.interview_id,
    }
    if corrected:
        resolved.update(category=category, company=company, role=reading.role, as_read=as_read)
    return _save(store, item, **resolved)


def _reading(
    store: Store,
    user_id: str,
    item: ReviewItem,
    category: Category,
    company: str,
    role: str | None,
) -> Reading:
    detection = replace(item.detection, company=company, role=role or item.role)
    interview = None
    if item.interview_id:
        with suppress(NotFound):  # dismissed or deleted since: a new interview, then
            interview = get_interview(store, user_id, item.interview_id)
    if category in INTERVIEW_CATEGORIES:
        detection.is_interview = True
        detection.event = event_for(category)
    return Reading(
        category=category,
        confidence=item.confidence,
        detection=detection,
        company=company,
        role=detection.role,
        time_zone=item.time_zone,
        interview=interview,
    )


def _take_back(store: Store, user_id: str, item: ReviewItem) -> None:
    repo = interviews(store)
    for effect in item.effects:
        current = repo.get(interview_key(effect.interview_id))
        if current is None:
            continue
        if effect.before is None:
            repo.delete(interview_key(effect.interview_id))
        else:
            restored = effect.before.model_copy(update={"updated_at": iso()})
            repo.put(restored, expected_version=current.version)
    for application_id in item.application_ids:
        drop_email_effects(store, user_id, application_id, {item.message_id})


def _ref(item: ReviewItem) -> EmailRef:
    return EmailRef(
        message_id=item.message_id,
        thread_id=item.thread_id,
        subject=item.subject,
        sender=item.sender,
        received_at=parse_iso(item.received_at) if item.received_at else None,
    )


def _save(store: Store, item: ReviewItem, **changes: object) -> ReviewItem:
    def change(current: ReviewItem | None) -> ReviewItem:
        if current is None:
            raise NotFound(f"{_WHAT} not found")
        return current.model_copy(update={**changes, "updated_at": iso()})

    try:
        saved = review_items(store).update(key(item.review_id), change)
    except ConditionFailed:
        raise Conflict("the review item kept changing; try again") from None
    assert saved is not None  # `change` never declines
    return saved
