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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, TypedDict, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel

from core.applications.repository import Cause
from core.applications.service import (
    ApplicationChanges,
    application_named,
    drop_email_effects,
    drop_interview_effects,
    email_cause,
    email_may_move,
    link_interview,
    update_application,
)
from core.clock import iso, parse_iso, utcnow
from core.email.company import company_key
from core.email.detect import Detection
from core.email.message import EmailRef
from core.email.model import Category
from core.errors import Conflict, InvalidInput, NotFound
from core.interviews.repository import (
    DISMISSED,
    INDEX,
    EventName,
    Interview,
    InterviewDetails,
    InterviewEvent,
    InterviewKind,
    interviews,
    key,
)
from core.storage.port import ConditionFailed, Store

KINDS: tuple[InterviewKind, ...] = get_args(InterviewKind)


def interview_id_for(user_id: str, message_id: str) -> str:
    return hashlib.sha256(f"{user_id}\x1finterview\x1f{message_id}".encode()).hexdigest()[:32]


def zone_name(value: datetime | None) -> str | None:
    """The IANA zone a time was written in, when it was written in one (not a bare offset, not
    UTC, which calendar files use for every zone)."""
    tz = value.tzinfo if value is not None else None
    if isinstance(tz, ZoneInfo) and tz.key not in ("UTC", "Etc/UTC"):
        return tz.key
    return None


_WHAT = "interview"


def _live(items: list[Interview]) -> list[Interview]:
    return [i for i in items if i.status != DISMISSED]


def list_interviews(store: Store, user_id: str, *, now: datetime | None = None) -> list[Interview]:
    """Upcoming interviews soonest first, then those with no time yet, then past and cancelled
    ones, most recent first. Dismissed detections are left out."""
    now = now or utcnow()
    items = _live(interviews(store).query(user_id, index=INDEX))
    cutoff = iso(now - timedelta(hours=2))
    upcoming = [
        i for i in items if i.status == "scheduled" and i.time_known and i.starts_at >= cutoff
    ]
    pending = [i for i in items if i.status == "pending"]
    rest = [i for i in items if i not in upcoming and i not in pending]
    upcoming.sort(key=lambda i: i.starts_at)
    pending.sort(key=lambda i: i.created_at, reverse=True)
    rest.sort(key=lambda i: i.starts_at, reverse=True)
    return upcoming + pending + rest


def get_interview(store: Store, user_id: str, interview_id: str) -> Interview:
    found = interviews(store).get_owned(key(interview_id), user_id, what=_WHAT)
    if found.status == DISMISSED:
        raise NotFound(f"{_WHAT} not found")
    return found


def record_detection(
    store: Store,
    user_id: str,
    detection: Detection,
    ref: EmailRef,
    *,
    time_zone: str | None = None,
    category: Category | None = None,
    match: Interview | None = None,
) -> Interview | None:
    """Apply one detected interview email. Idempotent per message: applying the same
    message again changes nothing. `match` is the interview the caller already knows the
    email is about (its thread). Returns the interview touched, if any."""
    if not detection.is_interview:
        return None
    received = ref.received_at or detection.received_at or utcnow()
    known = interviews(store).query(user_id, index=INDEX)
    for item in known:
        if ref.message_id in item.message_ids:
            return None if item.status == DISMISSED else item
    source = _Source(
        ref.message_id,
        ref.thread_id,
        email_cause(
            ref.message_id,
            subject=detection.subject,
            sender=ref.sender,
            received_at=iso(received),
            category=category,
        ),
        time_zone or zone_name(detection.starts_at),
    )
    match = match or _match(_live(known), detection, ref.thread_id, received)
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
    cause: Cause
    time_zone: str | None

    def cause_for(self, interview_id: str) -> Cause:
        return self.cause.model_copy(update={"interview_id": interview_id})


def _match(
    candidates: list[Interview],
    detection: Detection,
    thread_id: str | None,
    received: datetime,
) -> Interview | None:
    live = [i for i in candidates if i.status != "cancelled"]
    if detection.calendar_uid:
        for item in candidates:
            if item.calendar_uid == detection.calendar_uid:
                return item
    refs = set(detection.references)
    for item in live:
        if thread_id and thread_id in item.thread_ids:
            return item
        if refs & set(item.rfc_message_ids):
            return item
    company = company_key(detection.company) if detection.company else None
    if not company:
        return None
    same_company = [i for i in live if i.company_key == company]
    if not same_company:
        return None
    if detection.event in ("reschedule", "cancellation"):
        horizon = iso(received - timedelta(days=1))
        later = [i for i in same_company if not i.time_known or i.starts_at >= horizon]
        later.sort(key=lambda i: (i.time_known, i.starts_at))
        return later[0] if later else None
    # A new invitation: it completes one still waiting for its time, or repeats a known one.
    for item in same_company:
        if item.status == "pending":
            return item
        known = detection.starts_at is not None and item.time_known
        if known and parse_iso(item.starts_at) == detection.starts_at:
            return item
    return None


def kind_of(value: object) -> InterviewKind | None:
    """The kind an email names, as an interview records it ("unknown" when it is no kind)."""
    if value is None:
        return None
    return next((k for k in KINDS if k == value), "unknown")


class InterviewFacts(InterviewDetails):
    """What an email or the person says an interview is. Only the fields set are facts; the
    others are not known (or not changed)."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[InterviewKind | None, BeforeValidator(kind_of)] = None
    interviewers: list[str] | None = None  # type: ignore[assignment]


def _facts(detection: Detection) -> InterviewFacts:
    return InterviewFacts.model_validate(detection, from_attributes=True)


def _email_event(detection: Detection) -> EventName:
    """What a detected email does to its interview; an invitation unless it says otherwise."""
    if detection.event == "reschedule":
        return "reschedule"
    if detection.event == "cancellation":
        return "cancellation"
    return "invitation"


def _history(detection: Detection, message_id: str, event: EventName) -> InterviewEvent:
    return InterviewEvent(
        at=iso(),
        event=event,
        message_id=message_id,
        starts_at=detection.starts_at.isoformat() if detection.starts_at else None,
    )


def _create(
    store: Store,
    user_id: str,
    detection: Detection,
    source: _Source,
    received: datetime,
) -> Interview:
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
        application_id = application.application_id
    now = iso()
    known = detection.starts_at is not None
    record = Interview(
        interview_id=interview_id,
        user_id=user_id,
        application_id=application_id,
        **_facts(detection).model_dump(),
        company_key=company_key(detection.company) if detection.company else None,
        starts_at=iso(detection.starts_at or received),
        starts_at_local=local_time(detection.starts_at, source.time_zone),
        time_zone=source.time_zone,
        time_known=known,
        status="scheduled" if known else "pending",
        source="email",
        calendar_uid=detection.calendar_uid,
        thread_ids=[thread_id] if thread_id else [],
        rfc_message_ids=[detection.message_id] if detection.message_id else [],
        message_ids=[message_id],
        subject=detection.subject[:300],
        history=[_history(detection, message_id, _email_event(detection))],
        created_at=now,
        updated_at=now,
    )
    return interviews(store).put_new(record)


def change_interview(
    store: Store, interview_id: str, edit: Callable[[Interview], Interview | None]
) -> Interview | None:
    """Read, `edit` and write an interview, again when someone wrote in between. None when
    there is no such interview or `edit` declined."""
    try:
        return interviews(store).update(
            key(interview_id), lambda current: edit(current) if current is not None else None
        )
    except ConditionFailed:
        raise Conflict("the interview kept changing; try again") from None


def _update(
    store: Store,
    match: Interview,
    detection: Detection,
    source: _Source,
    *,
    cancel: bool,
) -> Interview:
    message_id, thread_id = source.message_id, source.thread_id

    def edit(current: Interview) -> Interview | None:
        if message_id in current.message_ids:
            return None
        update: dict[str, object] = {}
        if cancel:
            update["status"] = "cancelled"
            event: EventName = "cancellation"
        else:
            event = _email_event(detection)
            if detection.starts_at is not None:
                zone = source.time_zone or current.time_zone
                update.update(_placed(detection.starts_at, zone), status="scheduled")
            elif current.status == "cancelled":
                update["status"] = "pending"
            for name, value in _facts(detection):
                # A change notice often repeats only part of the facts: keep the others.
                if value not in (None, [], ""):
                    update[name] = value
            if detection.company and not current.company_key:
                update["company_key"] = company_key(detection.company)
            if detection.calendar_uid and not current.calendar_uid:
                update["calendar_uid"] = detection.calendar_uid
        if thread_id and thread_id not in current.thread_ids:
            update["thread_ids"] = [*current.thread_ids, thread_id]
        if detection.message_id and detection.message_id not in current.rfc_message_ids:
            update["rfc_message_ids"] = [*current.rfc_message_ids, detection.message_id]
        update["message_ids"] = [*current.message_ids, message_id]
        update["history"] = [*current.history, _history(detection, message_id, event)]
        update["updated_at"] = iso()
        return current.model_copy(update=update)

    saved = change_interview(store, match.interview_id, edit)
    if saved is None:
        # Gone, or this email was applied already: the interview as it stands.
        return interviews(store).get(key(match.interview_id)) or match
    if not cancel and saved.application_id is None and saved.company:
        application = link_interview(
            store,
            saved.user_id,
            company=saved.company,
            role=saved.role,
            cause=source.cause_for(saved.interview_id),
        )
        saved = _set_application(store, saved, application.application_id)
    return saved


class _Placed(TypedDict):
    starts_at: str
    starts_at_local: str | None
    time_zone: str | None
    time_known: bool


def _placed(moment: datetime, zone: str | None) -> _Placed:
    """An interview's fields for a known time, shown in `zone`."""
    return {
        "starts_at": iso(moment),
        "starts_at_local": local_time(moment, zone),
        "time_zone": zone,
        "time_known": True,
    }


def local_time(value: datetime | None, zone: str | None) -> str | None:
    """The time as written in the interview's own zone, with its offset."""
    if value is None:
        return None
    if zone:
        value = value.astimezone(ZoneInfo(zone))
    return value.isoformat()


def _set_application(store: Store, item: Interview, application_id: str) -> Interview:
    updated = item.model_copy(update={"application_id": application_id, "updated_at": iso()})
    try:
        return interviews(store).put(updated, expected_version=item.version)
    except ConditionFailed:
        return item


# Facts the person may correct.
EDITABLE = frozenset({"company", "role", "meeting_url", "kind", "location", "duration_minutes"})


@dataclass(frozen=True)
class InterviewInput:
    """What the person says about an interview (a correction or a new one). `starts_at`
    without a zone is a wall-clock time in `time_zone`."""

    facts: InterviewFacts = field(default_factory=InterviewFacts)
    starts_at: datetime | None = None
    time_zone: str | None = None
    application_id: str | None = None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}; use a name like America/Chicago") from None


def _place_time(
    starts_at: datetime | None, zone: str | None, current: Interview | None
) -> tuple[datetime | None, str | None]:
    """The moment meant, and the zone to show it in. A new zone alone keeps the wall-clock
    time ("it was 1 pm Chicago time, not New York time")."""
    if zone is not None:
        tz = _zone(zone)
        if starts_at is None and current is not None and current.time_known:
            wall = parse_iso(current.starts_at_local or current.starts_at)
            return wall.replace(tzinfo=tz), zone
        if starts_at is not None:
            moment = starts_at.replace(tzinfo=tz) if starts_at.tzinfo is None else starts_at
            return moment.astimezone(tz), zone
        return None, zone
    if starts_at is None:
        return None, None
    known = current.time_zone if current is not None else None
    if starts_at.tzinfo is None:
        if not known:
            raise InvalidInput("give the time with its UTC offset, or a timeZone")
        return starts_at.replace(tzinfo=_zone(known)), known
    return starts_at, zone_name(starts_at) or known


def create_manual(store: Store, user_id: str, data: InterviewInput) -> Interview:
    """An interview the person adds themselves, linked to its application (found by company
    when not named, created when there is none)."""
    facts = data.facts
    company = str(facts.company or "").strip()
    if not company:
        raise InvalidInput("company is required")
    moment, zone = _place_time(data.starts_at, data.time_zone, None)
    if moment is None:
        raise InvalidInput("startsAt is required")
    interview_id = uuid.uuid4().hex
    cause = Cause(type="user", interview_id=interview_id)
    if data.application_id:
        application = application_named(store, user_id, data.application_id)
        if email_may_move(application.status, "interviewing"):
            application = update_application(
                store,
                user_id,
                application.application_id,
                ApplicationChanges(status="interviewing"),
                cause=cause,
            )
    else:
        application = link_interview(store, user_id, company=company, role=facts.role, cause=cause)
    now = iso()
    record = Interview(
        interview_id=interview_id,
        user_id=user_id,
        application_id=application.application_id,
        **facts.model_dump(exclude={"company", "interviewers"}),
        company=company,
        company_key=company_key(company),
        **_placed(moment, zone),
        status="scheduled",
        source="manual",
        history=[
            InterviewEvent(at=now, event="added", by="user", starts_at=local_time(moment, zone))
        ],
        created_at=now,
        updated_at=now,
    )
    return interviews(store).put(record, if_not_exists=True)


def correct_interview(
    store: Store, user_id: str, interview_id: str, data: InterviewInput
) -> Interview:
    """Apply the person's corrections; the history records that they made them."""
    given = data.facts.model_fields_set
    unknown = given - EDITABLE
    if unknown:
        raise InvalidInput(f"cannot change: {', '.join(sorted(to_camel(n) for n in unknown))}")
    if "company" in given and not str(data.facts.company or "").strip():
        raise InvalidInput("company cannot be empty")
    if data.application_id:
        application_named(store, user_id, data.application_id)

    def edit(current: Interview) -> Interview:
        if current.user_id != user_id or current.status == DISMISSED:
            raise NotFound(f"{_WHAT} not found")
        update: dict[str, object] = {}
        for name in given:
            value = getattr(data.facts, name)
            update[name] = value.strip() if isinstance(value, str) else value
        if data.facts.company is not None:
            update["company_key"] = company_key(data.facts.company.strip())
        moment, zone = _place_time(data.starts_at, data.time_zone, current)
        if moment is not None:
            update.update(_placed(moment, zone))
            if current.status == "pending":
                update["status"] = "scheduled"
        elif zone is not None:
            update["time_zone"] = zone
        if data.application_id:
            update["application_id"] = data.application_id
        updated = current.model_copy(update=update)
        now = iso()
        corrected = InterviewEvent(
            at=now,
            event="corrected",
            by="user",
            starts_at=updated.starts_at_local if updated.time_known else None,
        )
        return updated.model_copy(
            update={"history": [*current.history, corrected], "updated_at": now}
        )

    saved = change_interview(store, interview_id, edit)
    if saved is None:
        raise NotFound(f"{_WHAT} not found")
    return saved


# What a dismissed interview keeps: its key and place in the index, and the emails to skip.
_TOMBSTONE = {"interview_id", "user_id", "starts_at", "message_ids", "created_at", "version"}


def dismiss_interview(store: Store, user_id: str, interview_id: str) -> None:
    """ "Not an interview": the detection goes, with what it did to the tracker. The row stays as
    a tombstone of its message ids (without the facts read from them), so a rescan skips them."""
    current = get_interview(store, user_id, interview_id)
    if current.application_id and current.message_ids:
        drop_email_effects(store, user_id, current.application_id, set(current.message_ids))
    elif current.application_id and current.source == "manual":
        drop_interview_effects(store, user_id, current.application_id, interview_id)
    now = iso()
    kept = current.model_dump(include=_TOMBSTONE)
    tombstone = Interview(**kept, status=DISMISSED, dismissed_at=now, updated_at=now)
    try:
        interviews(store).put(tombstone, expected_version=current.version)
    except ConditionFailed:
        raise Conflict("the interview changed while it was being dismissed; try again") from None
