from __future__ import annotations

from fastapi import APIRouter, Response, status
from starlette.convertors import StringConvertor, register_url_convertor

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import errors
from api.schemas.interviews import InterviewIn, InterviewList, InterviewOut, InterviewPatch
from core.interviews import service
from core.interviews.ics import interview_ics

router = APIRouter(prefix="/api/interviews", tags=["interviews"])


class _IdConvertor(StringConvertor):
    """An id holds no dot, so `/{id}` never also claims `/{id}.ics` (whose only method is GET)."""

    regex = "[^/.]+"


register_url_convertor("interview_id", _IdConvertor())


@router.get("", operation_id="listInterviews")
def list_interviews(user: CurrentUser, services: ServicesDep) -> InterviewList:
    """Upcoming interviews first (soonest first), then those waiting for a time, then past and
    cancelled ones."""
    items = service.list_interviews(services.store, user.user_id)
    return InterviewList(items=[InterviewOut.of(i) for i in items])


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
    return InterviewOut.of(service.get_interview(services.store, user.user_id, interview_id))


def _facts(body: InterviewIn | InterviewPatch) -> service.InterviewFacts:
    given = body.model_fields_set & _FACTS
    facts = service.InterviewFacts.model_validate(body.model_dump(include=given - {"meeting_url"}))
    if "meeting_url" in given:
        facts.meeting_url = str(body.meeting_url) if body.meeting_url else None
    return facts


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
        facts=_facts(body),
        starts_at=body.starts_at,
        time_zone=body.time_zone,
        application_id=body.application_id,
    )
    return InterviewOut.of(service.create_manual(services.store, user.user_id, data))


@router.patch(
    "/{interview_id:interview_id}", operation_id="updateInterview", responses=errors(404, 409, 422)
)
def update_interview(
    interview_id: str, body: InterviewPatch, user: CurrentUser, services: ServicesDep
) -> InterviewOut:
    """Correct what was read wrong: time, zone, company, role, link, kind."""
    data = service.InterviewInput(
        facts=_facts(body),
        starts_at=body.starts_at if "starts_at" in body.model_fields_set else None,
        time_zone=body.time_zone if "time_zone" in body.model_fields_set else None,
        application_id=body.application_id if "application_id" in body.model_fields_set else None,
    )
    return InterviewOut.of(
        service.correct_interview(services.store, user.user_id, interview_id, data)
    )


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
