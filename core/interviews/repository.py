"""The Interviews aggregate: the interview record, its history, and where it is stored."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.applications.repository import CompactPart
from core.storage.port import Store
from core.storage.records import Record, Repository
from core.values import StoredValue

TABLE = "Interviews"
INDEX = "UserIdIndex"
# pending: no time yet; dismissed: "not an interview", kept only as a tombstone of its emails.
InterviewStatus = Literal["scheduled", "pending", "cancelled", "dismissed"]
DISMISSED: InterviewStatus = "dismissed"
# As read from an email (phone, video, onsite, unknown) or said by the person.
InterviewKind = Literal["phone", "video", "onsite", "technical", "other", "unknown"]


# What an email said (invitation, reschedule, cancellation), or what the person did.
EventName = Literal["invitation", "reschedule", "cancellation", "added", "corrected"]


class InterviewEvent(CompactPart):
    at: str
    event: EventName
    message_id: str | None = None
    starts_at: str | None = None
    by: Literal["user"] | None = None  # the person's own changes


class InterviewDetails(StoredValue):
    """What an interview is (not when), as read from its email or said by the person."""

    company: str | None = None
    role: str | None = None
    duration_minutes: int | None = None
    meeting_url: str | None = None
    kind: InterviewKind | None = None
    location: str | None = None
    interviewers: list[str] = Field(default_factory=list)


class Interview(InterviewDetails, Record):
    table = TABLE

    interview_id: str
    user_id: str
    application_id: str | None = None
    company_key: str | None = None
    # The index sorts by startsAt, so an interview with no time yet sorts by the day its
    # invitation arrived; `time_known` tells them apart.
    starts_at: str
    starts_at_local: str | None = None  # in the interview's own zone, with its offset
    time_zone: str | None = None
    time_known: bool = False
    status: InterviewStatus
    source: Literal["email", "manual"] = "email"
    calendar_uid: str | None = None
    thread_ids: list[str] = Field(default_factory=list)
    rfc_message_ids: list[str] = Field(default_factory=list)
    message_ids: list[str] = Field(default_factory=list)
    subject: str | None = None
    history: list[InterviewEvent] = Field(default_factory=list)
    created_at: str
    updated_at: str
    dismissed_at: str | None = None
    version: int = 0


def interviews(store: Store) -> Repository[Interview]:
    return Repository(store, Interview)


def key(interview_id: str) -> dict[str, str]:
    return {"interviewId": interview_id}
