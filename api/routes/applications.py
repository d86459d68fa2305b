from __future__ import annotations

from datetime import UTC, date, datetime, time

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from api.deps import CurrentUser, ServicesDep
from api.schemas.applications import (
    ApplicationIn,
    ApplicationList,
    ApplicationOut,
    ApplicationPatch,
    Contact,
)
from api.schemas.base import errors
from core.applications import repository, service
from core.clock import iso

router = APIRouter(tags=["applications"])


def _contacts(contacts: list[Contact]) -> list[repository.Contact]:
    return [repository.Contact.model_validate(c.model_dump()) for c in contacts]


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
    user: CurrentUser,
    services: ServicesDep,
    status: repository.ApplicationStatus | None = Query(default=None),
) -> ApplicationList:
    """The caller's applications, most recently applied first."""
    items = service.list_applications(services.store, user.user_id, status=status)
    return ApplicationList(items=[ApplicationOut.of(i) for i in items])


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
        contacts=_contacts(body.contacts),
    )
    return ApplicationOut.of(item)


@router.get("/api/applications/{application_id}", operation_id="getApplication")
def get_application(
    application_id: str, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    item = service.get_application(services.store, user.user_id, application_id)
    return ApplicationOut.of(item)


@router.patch("/api/applications/{application_id}", operation_id="updateApplication")
def update_application(
    application_id: str, body: ApplicationPatch, user: CurrentUser, services: ServicesDep
) -> ApplicationOut:
    """Change fields; a status change is added to the history with the user as its cause."""
    given = body.model_fields_set
    changes = service.ApplicationChanges.model_validate(
        body.model_dump(include=given - {"url", "applied_at", "contacts"})
    )
    if "url" in given:
        changes.url = str(body.url) if body.url else None
    if "applied_at" in given:
        changes.applied_at = _instant(body.applied_at)
    if "contacts" in given:
        changes.contacts = _contacts(body.contacts or [])
    item = service.update_application(services.store, user.user_id, application_id, changes)
    return ApplicationOut.of(item)


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
        ApplicationOut.of(item).model_dump(mode="json", by_alias=True),
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
    return ApplicationOut.of(item)
