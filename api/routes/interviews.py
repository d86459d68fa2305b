from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel
from core.interviews import service
from core.interviews.ics import interview_ics

router = APIRouter(prefix="/api/interviews", tags=["interviews"])


class InterviewHistoryOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    at: str
    event: str
    message_id: str | None = None
    starts_at: str | None = None


class InterviewOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    interview_id: str
    application_id: str | None = None
    status: str  # scheduled, pending (no time yet), cancelled
    starts_at: str | None = None  # with the UTC offset it was written in
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


@router.get("/{interview_id}", operation_id="getInterview")
def get_interview(interview_id: str, user: CurrentUser, services: ServicesDep) -> InterviewOut:
    return _out(service.get_interview(services.store, user.user_id, interview_id))
