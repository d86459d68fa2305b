from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response, status
from pydantic import Field, HttpUrl
from starlette.convertors import StringConvertor, register_url_convertor

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel, RequestModel, errors, omissible
from core.interviews import service
from core.interviews.ics import interview_ics

router = APIRouter(prefix="/api/interviews", tags=["interviews"])


class _IdConvertor(StringConvertor):
    """An id holds no dot, so `/{id}` never also claims `/{id}.ics` (whose only method is GET)."""

    regex = "[^/.]+"


register_url_convertor("interview_id", _IdConvertor())


class InterviewHistoryOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    at: str
    event: str
    message_id: str | None = None
    starts_at: str | None = None
    by: str | None = None  # "user" for the person's own changes


class InterviewOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    interview_id: str
    application_id: str | None = None
    status: str  # scheduled, pending (no time yet), cancelled
    starts_at: str | None = None  # in the interview's own zone, with its UTC offset
    time_zone: str | None = Field(
        default=None, description="the IANA zone the interview takes place in, when known"
    )
    source: str = "email"  # email, manual
    duration_minutes: int | None = None
    company: str | None = None
    role: str | None = None
    meeting_url: str | None = None
    kind: str | None = None
    location: str | None = None
    interviewers: list[str] = Field(default_factory=list)
    subject: str | None = None
    history: list[InterviewHistoryOut] = Field(default_factory=list)
    created_at: str
    updated_at: str


class InterviewList(CamelModel):
    items: list[InterviewOut]


def _out(item: dict[str, Any]) -> InterviewOut:
    data = dict(item)
    known = item.get("timeKnown")
    data["startsAt"] = (item.get("startsAtLocal") or item["startsAt"]) if known else None
    return InterviewOut.model_validate(data)


@router.get("", operation_id="listInterviews")
def list_interviews(user: CurrentUser, services: ServicesDep) -> InterviewList:
    """Upcoming interviews first (soonest first), then those waiting for a time, then past and
    cancelled ones."""
    items = service.list_interviews(services.store, user.user_id)
    return InterviewList(items=[_out(i) for i in items])


@router.get(
    "/{interview_id}.ics",
    operation_id="downloadInterviewIcs",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def interview_calendar_file(
    interview_id: str, user: CurrentUser, services: ServicesDep
) -> Response:
    item = service.get_interview(services.store, user.user_id, interview_id)
    return Response(
        content=interview_ics(item),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="interview-{interview_id}.ics"'},
    )


@router.get("/{interview_id:interview_id}", operation_id="getInterview", responses=errors(404))
def get_interview(interview_id: str, user: CurrentUser, services: ServicesDep) -> InterviewOut:
    return _out(service.get_interview(services.store, user.user_id, interview_id))


Kind = Literal["phone", "video", "onsite", "technical", "other"]


class InterviewIn(RequestModel):
    company: str = Field(min_length=1, max_length=200, pattern=r"\S")
    role: str | None = Field(default=None, max_length=300)
    starts_at: datetime = Field(
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

    starts_at: datetime = omissible(
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


def _facts(body: RequestModel, names: set[str]) -> dict[str, Any]:
    data = body.model_dump(exclude_unset=True, by_alias=True, include=names)
    if data.get("meetingUrl") is not None:
        data["meetingUrl"] = str(data["meetingUrl"])
    return data


_FACTS = {"company", "role", "meeting_url", "kind", "location", "duration_minutes"}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="createInterview",
    responses=errors(422),
)
def create_interview(body: InterviewIn, user: CurrentUser, services: ServicesDep) -> InterviewOut:
    """Add an interview by hand; it joins the application with its company (or the one named)."""
    data = service.InterviewInput(
        facts=_facts(body, _FACTS | {"company"}),
        starts_at=body.starts_at,
        time_zone=body.time_zone,
        application_id=body.application_id,
    )
    return _out(service.create_manual(services.store, user.user_id, data))


@router.patch(
    "/{interview_id:interview_id}", operation_id="updateInterview", responses=errors(404, 409, 422)
)
def update_interview(
    interview_id: str, body: InterviewPatch, user: CurrentUser, services: ServicesDep
) -> InterviewOut:
    """Correct what was read wrong: time, zone, company, role, link, kind."""
    data = service.InterviewInput(
        facts=_facts(body, _FACTS),
        starts_at=body.starts_at if "starts_at" in body.model_fields_set else None,
        time_zone=body.time_zone if "time_zone" in body.model_fields_set else None,
        application_id=body.application_id if "application_id" in body.model_fields_set else None,
    )
    return _out(service.correct_interview(services.store, user.user_id, interview_id, data))


@router.delete(
    "/{interview_id:interview_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="dismissInterview",
    responses=errors(404, 409),
)
def dismiss_interview(interview_id: str, user: CurrentUser, services: ServicesDep) -> Response:
    """ "Not an interview": removes it, and the application card it created; the same email is
    not read again."""
    service.dismiss_interview(services.store, user.user_id, interview_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
