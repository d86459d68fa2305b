from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import Field, HttpUrl

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel, DateText, RequestModel, errors, omissible
from core.applications import service
from core.clock import iso

router = APIRouter(tags=["applications"])

Status = Literal["saved", "applied", "interviewing", "offer", "rejected", "withdrawn", "ghosted"]


class Contact(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=2000)


class ApplicationIn(RequestModel):
    company: str = Field(min_length=1, max_length=200, pattern=r"\S")
    title: str | None = Field(default=None, max_length=300)
    url: HttpUrl | None = None
    job_id: str | None = Field(default=None, max_length=200)
    status: Status = "saved"
    applied_at: DateText | None = Field(
        default=None, description="an ISO 8601 date or date-time; today when left out"
    )
    notes: str = Field(default="", max_length=service.MAX_NOTES)
    contacts: list[Contact] = Field(default_factory=list, max_length=service.MAX_CONTACTS)


class ApplicationPatch(RequestModel):
    """Fields to change; those left out stay as they are. Only title, url and jobId can be
    cleared (null): the others always have a value."""

    company: str = omissible(min_length=1, max_length=200, pattern=r"\S")
    title: str | None = Field(default=None, max_length=300)
    url: HttpUrl | None = None
    job_id: str | None = Field(default=None, max_length=200)
    status: Status = omissible()
    applied_at: DateText = omissible(description="an ISO 8601 date or date-time")
    notes: str = omissible(max_length=service.MAX_NOTES)
    contacts: list[Contact] = omissible(max_length=service.MAX_CONTACTS)


class Cause(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    type: str  # user, email
    message_id: str | None = None
    interview_id: str | None = None
    subject: str | None = None  # of the email
    sender: str | None = None
    received_at: str | None = None
    category: str | None = None  # what the email was read as
    undo_of: str | None = None  # the entry the person undid


class HistoryEntry(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    entry_id: str | None = None
    at: str
    from_: str | None = Field(default=None, alias="from")
    to: str
    cause: Cause
    undone: bool = False


class ApplicationOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    application_id: str
    job_id: str | None = None
    company: str
    title: str | None = None
    url: str | None = None
    status: Status
    applied_at: str
    notes: str = ""
    contacts: list[dict[str, Any]] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    created_at: str
    updated_at: str


class ApplicationList(CamelModel):
    items: list[ApplicationOut]


def _instant(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(12), tzinfo=UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return iso(value)


@router.get("/api/applications", operation_id="listApplications")
def list_applications(
    user: CurrentUser, services: ServicesDep, status: Status | None = Query(default=None)
) -> ApplicationList:
    """The caller's applications, most recently applied first."""
    items = service.list_applications(services.store, user.user_id, status=status)
    return ApplicationList(items=[ApplicationOut.model_validate(i) for i in items])


@router.post(
    "/api/applications", status_code=status.HTTP_201_CREATED, operation_id="createApplication"
)
def create_application(
    body: ApplicationIn, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    item = service.create_application(
        services.store,
        user.user_id,
        company=body.company,
        title=body.title,
        url=str(body.url) if body.url else None,
        job_id=body.job_id,
        status=body.status,
        applied_at=_instant(body.applied_at),
        notes=body.notes,
        contacts=[c.model_dump(by_alias=True, exclude_none=True) for c in body.contacts],
    )
    return ApplicationOut.model_validate(item)


@router.get("/api/applications/{application_id}", operation_id="getApplication")
def get_application(
    application_id: str, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    item = service.get_application(services.store, user.user_id, application_id)
    return ApplicationOut.model_validate(item)


@router.patch("/api/applications/{application_id}", operation_id="updateApplication")
def update_application(
    application_id: str, body: ApplicationPatch, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    """Change fields; a status change is added to the history with the user as its cause."""
    changes: dict[str, Any] = {}
    for field, value in body.model_dump(exclude_unset=True, by_alias=True).items():
        if field == "url":
            changes["url"] = str(value) if value else None
        elif field == "appliedAt":
            changes["appliedAt"] = _instant(body.applied_at)
        elif field == "contacts":
            changes["contacts"] = [
                {k: v for k, v in c.items() if v is not None} for c in (value or [])
            ]
        else:
            changes[field] = value
    item = service.update_application(services.store, user.user_id, application_id, changes)
    return ApplicationOut.model_validate(item)


@router.delete(
    "/api/applications/{application_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="deleteApplication",
)
def delete_application(application_id: str, user: CurrentUser, services: ServicesDep) -> Response:
    service.delete_application(services.store, user.user_id, application_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api/jobs/{job_id}/save",
    status_code=status.HTTP_201_CREATED,
    operation_id="saveJob",
    response_model=ApplicationOut,
    responses={200: {"description": "already saved", "model": ApplicationOut}},
)
def save_job(job_id: str, user: CurrentUser, services: ServicesDep) -> JSONResponse:
    """Track a job from search as a "saved" application; saving it again returns it (200)."""
    item, created = service.save_job(services.store, user.user_id, job_id)
    return JSONResponse(
        ApplicationOut.model_validate(item).model_dump(mode="json", by_alias=True),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@router.post(
    "/api/applications/{application_id}/history/{entry_id}/undo",
    operation_id="undoApplicationMove",
    responses=errors(404, 409),
)
def undo_move(
    application_id: str, entry_id: str, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    """Undo a status change an email made: the previous status comes back, and the history
    records the undoing."""
    item = service.undo_move(services.store, user.user_id, application_id, entry_id)
    return ApplicationOut.model_validate(item)
