"""The interviews API: what it accepts and what it answers."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, HttpUrl

from api.schemas.base import CamelModel, LocalTime, RequestModel, Timestamp, omissible
from core.interviews.repository import EventName, Interview, InterviewDetails

# What the person may say an interview is; an email may also leave it "unknown".
Kind = Literal["phone", "video", "onsite", "technical", "other"]


class InterviewHistoryOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    at: Timestamp
    event: EventName
    message_id: str | None = None
    starts_at: LocalTime | None = None
    by: Literal["user"] | None = None  # "user" for the person's own changes


class InterviewOut(InterviewDetails):
    """An interview: what it is, as the record holds it, and when, in its own zone."""

    # Read from the record's item: what the person is not shown (keys, ids of the emails) is
    # left out.
    model_config = ConfigDict(extra="ignore")

    interview_id: str
    application_id: str | None = None
    status: Literal["scheduled", "pending", "cancelled"]  # pending: no time yet
    starts_at: LocalTime | None = Field(
        default=None, description="in the interview's own zone, with its UTC offset"
    )
    time_zone: str | None = Field(
        default=None, description="the IANA zone the interview takes place in, when known"
    )
    source: Literal["email", "manual"] = "email"
    subject: str | None = None
    history: list[InterviewHistoryOut] = Field(default_factory=list)
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def of(cls, interview: Interview) -> InterviewOut:
        data = interview.to_item()
        # An interview with no time yet is stored under the day it was found; it has none.
        local = interview.starts_at_local or interview.starts_at
        data["startsAt"] = local if interview.time_known else None
        return cls.model_validate(data)


class InterviewList(CamelModel):
    items: list[InterviewOut]


# What a date-time parser would read as seconds since 1970.
_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*")


def _written_out(value: object) -> object:
    # A number, or a string of digits, would be read as seconds since 1970: an interview on the
    # first of January 1970 instead of a refusal.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        raise ValueError("must be an ISO 8601 date-time string")
    return value


def _plausible(value: datetime) -> datetime:
    # Far from today a zone's offset is its local mean time, to the second, which no ISO 8601
    # reader expects; no interview is that far away.
    if not 1970 <= value.year <= 2200:
        raise ValueError("an interview's time must fall between the years 1970 and 2200")
    return value


InterviewTime = Annotated[datetime, BeforeValidator(_written_out), AfterValidator(_plausible)]


class InterviewIn(RequestModel):
    company: str = Field(min_length=1, max_length=200, pattern=r"\S")
    role: str | None = Field(default=None, max_length=300)
    starts_at: InterviewTime = Field(
        description="ISO 8601; without a UTC offset it is a wall-clock time in timeZone"
    )
    time_zone: str | None = Field(
        default=None, max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_+\-/]*$"
    )
    duration_minutes: int | None = Field(default=None, ge=5, le=24 * 60)
    meeting_url: HttpUrl | None = None
    kind: Kind | None = None
    location: str | None = Field(default=None, max_length=500)
    application_id: str | None = Field(default=None, max_length=64)


class InterviewPatch(RequestModel):
    """Corrections; fields left out stay as they are. A timeZone alone keeps the wall-clock
    time and says which zone it is in."""

    starts_at: InterviewTime = omissible(
        description="ISO 8601; without a UTC offset it is a wall-clock time in timeZone"
    )
    time_zone: str = omissible(max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_+\-/]*$")
    company: str = omissible(min_length=1, max_length=200, pattern=r"\S")
    role: str | None = Field(default=None, max_length=300)
    meeting_url: HttpUrl | None = None
    kind: Kind | None = None
    location: str | None = Field(default=None, max_length=500)
    duration_minutes: int | None = Field(default=None, ge=5, le=24 * 60)
    application_id: str = omissible(max_length=64)
