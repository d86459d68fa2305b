"""What one email does to the tracker, and when it must wait for the person.

A reading changes interviews and applications by itself only when it is sure enough (the
confidence setting) and names a job: a role, an application the person already tracks, or an
interview it continues. Everything else waits in the review queue, "from email, needs review".
Every change names its email in the history, so the person can see why and undo it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from core.applications.repository import INDEX as APPLICATION_INDEX
from core.applications.repository import Cause, applications
from core.applications.service import (
    email_cause,
    entries_caused_by,
    find_by_company,
    get_application,
    move_from_email,
)
from core.clock import iso
from core.email.message import EmailRef
from core.email.model import Category
from core.interviews.repository import INDEX as INTERVIEW_INDEX
from core.interviews.repository import interviews
from core.interviews.service import change_interview, record_detection
from core.storage.port import Store
from core.tracker.reading import STATUS_FOR, Reading
from core.tracker.repository import Effect

DEFAULT_MIN_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Policy:
    """When an email may change the tracker without asking."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE


@dataclass
class Outcome:
    """What one email did; a scan records it (as a MessageOutcome) by these names."""

    action: Literal["applied", "review", "ignored"]
    category: Category | None = None
    is_interview: bool = False  # read as an interview email, whatever was done with it
    interview_id: str | None = None
    interview_created: bool = False
    interview_changed: bool = False
    application_ids: list[str] = field(default_factory=list)
    review_id: str | None = None
    effects: list[Effect] = field(default_factory=list)


def _cause(ref: EmailRef, category: Category, interview_id: str | None = None) -> Cause:
    """The email behind a change, as the application's history names it."""
    return email_cause(
        ref.message_id,
        interview_id,
        subject=ref.subject,
        sender=ref.sender,
        received_at=iso(ref.received_at) if ref.received_at else None,
        category=category,
    )


def review_id_for(user_id: str, message_id: str) -> str:
    return hashlib.sha256(f"{user_id}\x1freview\x1f{message_id}".encode()).hexdigest()[:32]


def doubt_about(store: Store, user_id: str, reading: Reading, policy: Policy) -> str | None:
    """Why this reading must not change the tracker unasked, or None when it may."""
    if reading.confidence < policy.min_confidence:
        return f"not sure what this email is (confidence {reading.confidence:.2f})"
    if reading.interview is not None:
        return None  # it continues an interview the person has
    if reading.bulk:
        return "sent to a mailing list, as newsletters and marketing are"
    if not reading.company:
        return "it names no company"
    if not reading.role and find_by_company(store, user_id, reading.company) is None:
        return f"it names no role, and nothing you track is with {reading.company}"
    return None


def apply_reading(
    store: Store,
    user_id: str,
    reading: Reading,
    ref: EmailRef,
    *,
    application_id: str | None = None,
) -> Outcome:
    """Change interviews and applications as the reading says. `application_id` names the
    application (the person's choice in the review queue)."""
    category = reading.category or "other"
    outcome = Outcome("applied", category, reading.about_interview)
    if reading.about_interview:
        _apply_interview(store, user_id, reading, ref, outcome, application_id)
    else:
        status = STATUS_FOR.get(category)
        known = reading.interview
        company = reading.company or (known.company if known else None)
        target = application_id or (known.application_id if known else None)
        if status and company:
            app = move_from_email(
                store,
                user_id,
                company=company,
                role=reading.role,
                status=status,
                cause=_cause(ref, category),
                application_id=target,
            )
            if app is not None:
                outcome.application_ids.append(app.application_id)
    outcome.application_ids = _touched_applications(store, user_id, ref.message_id) or (
        outcome.application_ids
    )
    return outcome


def _apply_interview(
    store: Store,
    user_id: str,
    reading: Reading,
    ref: EmailRef,
    outcome: Outcome,
    application_id: str | None,
) -> None:
    category = reading.category or "interview_invitation"
    detection = reading.detection
    detection.company = detection.company or reading.company
    detection.role = detection.role or reading.role
    before = {i.interview_id: i for i in interviews(store).query(user_id, index=INTERVIEW_INDEX)}
    interview = record_detection(
        store,
        user_id,
        detection,
        ref,
        time_zone=reading.time_zone,
        category=category,
        match=reading.interview,
    )
    if interview is None:
        return
    interview_id = interview.interview_id
    previous = before.get(interview_id)
    outcome.interview_id = interview_id
    outcome.interview_created = previous is None
    outcome.interview_changed = previous is None or previous.version != interview.version
    outcome.effects.append(Effect(interview_id=interview_id, before=previous))
    if application_id and interview.application_id != application_id:
        _move_named(store, user_id, application_id, reading, ref, interview_id)
        _link(store, interview_id, application_id)


def _link(store: Store, interview_id: str, application_id: str) -> None:
    """Join the interview to the application the person named."""
    change_interview(
        store,
        interview_id,
        lambda current: current.model_copy(update={"application_id": application_id}),
    )


def _move_named(
    store: Store,
    user_id: str,
    application_id: str,
    reading: Reading,
    ref: EmailRef,
    interview_id: str,
) -> None:
    app = get_application(store, user_id, application_id)
    if reading.category == "interview_cancelled":
        return
    move_from_email(
        store,
        user_id,
        company=app.company,
        role=reading.role,
        status="interviewing",
        cause=_cause(ref, reading.category or "interview_invitation", interview_id),
        application_id=application_id,
    )


def _touched_applications(store: Store, user_id: str, message_id: str) -> list[str]:
    return [
        a.application_id
        for a in applications(store).query(user_id, index=APPLICATION_INDEX)
        if entries_caused_by(a, {message_id})
    ]
