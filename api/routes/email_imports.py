"""Importing saved mail (an mbox or .eml upload, or the demo mailbox) without Google: the
import runs as a background task through the same detection a Gmail scan runs."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from starlette.concurrency import run_in_threadpool

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import errors
from api.schemas.email_imports import ImportOut, import_out
from api.uploads import multipart_file, upload_body
from core.emailimport import service
from core.errors import PayloadTooLarge
from core.tasks.lanes import UserLimits

router = APIRouter(prefix="/api/email/imports", tags=["email"])

_UPLOAD_BODY = upload_body()


class MailboxTooLarge(PayloadTooLarge):
    code = "file_too_large"

    def __init__(self, limit_bytes: int) -> None:
        size = (
            f"{limit_bytes / 1024**2:.0f} MB"
            if limit_bytes >= 1024**2
            else f"{limit_bytes / 1024:.0f} KB"
        )
        super().__init__(
            f"the mailbox is larger than the {size} limit; export fewer "
            "labels or a shorter period from Google Takeout",
            details={"limitBytes": limit_bytes},
        )


@router.post(
    "",
    operation_id="uploadMailbox",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=_UPLOAD_BODY,
    responses={
        **errors(422, 429),
        413: {"description": "file over the size limit"},
    },
)
async def upload_mailbox(request: Request, user: CurrentUser, services: ServicesDep) -> ImportOut:
    """Upload an mbox (Google Takeout) or one .eml message; it is streamed to storage and
    imported in the background. Poll `GET /api/email/imports/{importId}` for progress."""
    limit = services.settings.email_import_max_bytes
    async with multipart_file(
        request, limit=limit, too_large=MailboxTooLarge, what="mailbox", max_fields=5
    ) as (upload, _):
        row = await run_in_threadpool(
            service.start_upload,
            services.store,
            services.blobs,
            services.queue,
            UserLimits.from_settings(services.settings),
            user.user_id,
            file_name=upload.filename or "mailbox.mbox",
            stream=upload.file,
        )
    return import_out(row)


@router.post(
    "/demo",
    operation_id="importDemoMailbox",
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(429),
)
def import_demo(user: CurrentUser, services: ServicesDep) -> ImportOut:
    """Import the bundled demo mailbox (15 made-up emails) for the signed-in person."""
    row = service.start_demo(
        services.store,
        services.queue,
        UserLimits.from_settings(services.settings),
        user.user_id,
    )
    return import_out(row)


@router.get("", operation_id="listMailboxImports")
def list_imports(user: CurrentUser, services: ServicesDep) -> list[ImportOut]:
    """The person's imports, newest first."""
    return [import_out(r) for r in service.list_imports(services.store, user.user_id)]


@router.get("/{import_id}", operation_id="getMailboxImport", responses=errors(404))
def get_import(import_id: str, user: CurrentUser, services: ServicesDep) -> ImportOut:
    """One import's progress: messages read of the total, interviews found, and what was
    skipped and why."""
    return import_out(service.import_view(services.store, user.user_id, import_id))
