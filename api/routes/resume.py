from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import ErrorResponse, errors
from api.schemas.resume import (
    ApplyIn,
    ApplyOut,
    DeleteResult,
    FileLink,
    ResumeDetail,
    ResumeList,
    ResumeListItem,
    VersionSummary,
)
from api.uploads import multipart_file, upload_body
from core.errors import InvalidInput
from core.resume import service
from core.resume.errors import FileTooLarge

router = APIRouter(prefix="/api/resume", tags=["resume"])

_UPLOAD_BODY = upload_body(
    targetRole={"type": "string", "maxLength": 120},
    targetJobId={"type": "string"},
    resumeId={"type": "string", "description": "upload a new version of this resume"},
)


async def _read_upload(request: Request, max_bytes: int) -> tuple[service.Upload, str]:
    async with multipart_file(
        request, limit=max_bytes, too_large=FileTooLarge, what="resume", max_fields=10
    ) as (upload, form):
        data = await upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise FileTooLarge(max_bytes)
        fields = {
            k: str(v).strip() or None
            for k, v in form.items()
            if k in ("targetRole", "targetJobId", "resumeId") and isinstance(v, str)
        }
        if fields.get("targetRole") and fields.get("targetJobId"):
            raise InvalidInput("give either targetRole or targetJobId, not both")
        result = service.Upload(
            filename=upload.filename or "resume",
            data=data,
            target_role=fields.get("targetRole"),
            target_job_id=fields.get("targetJobId"),
            resume_id=fields.get("resumeId"),
        )
        return result, upload.content_type or ""


@router.post(
    "",
    operation_id="uploadResume",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=_UPLOAD_BODY,
    responses={
        **errors(404, 409, 503),
        413: {"description": "file over the size limit"},
        415: {"description": "not a PDF, DOCX or text file"},
        422: {"description": "unreadable: password, no text layer, damaged, hostile"},
    },
)
async def upload_resume(
    request: Request, user: CurrentUser, services: ServicesDep
) -> VersionSummary:
    """Upload a resume (or, with `resumeId`, a new version of one); its analysis is queued.
    Poll `GET /api/resume/{id}` until `status` is `done` or `failed`."""
    upload, _ = await _read_upload(request, services.settings.max_upload_bytes)
    result = await run_in_threadpool(
        service.upload_resume,
        store=services.store,
        blobs=services.blobs,
        queue=services.queue,
        settings=services.settings,
        user_id=user.user_id,
        upload=upload,
    )
    return VersionSummary.model_validate(result, from_attributes=True)


@router.post(
    "/{resume_id}/analyze",
    operation_id="reanalyzeResume",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        409: {"model": ErrorResponse, "description": "the analysis is done or still in progress"},
    },
)
def reanalyze_resume(
    resume_id: str,
    user: CurrentUser,
    services: ServicesDep,
    version: int | None = Query(default=None, ge=1, description="a version; the latest by default"),
) -> VersionSummary:
    """Analyse again a version whose analysis failed; poll `GET /api/resume/{id}` as after an
    upload."""
    result = service.reanalyze(
        store=services.store,
        queue=services.queue,
        settings=services.settings,
        ref=service.VersionRef(user.user_id, resume_id, version),
    )
    return VersionSummary.model_validate(result, from_attributes=True)


@router.get("", operation_id="listResumes")
def list_resumes(user: CurrentUser, services: ServicesDep) -> ResumeList:
    """Your resumes, newest first, each with all its versions."""
    items = service.list_resumes(services.store, user.user_id)
    return ResumeList(items=[ResumeListItem.model_validate(i, from_attributes=True) for i in items])


@router.get(
    "/{resume_id}", operation_id="getResume", responses={404: {"description": "no such resume"}}
)
def get_resume(
    resume_id: str,
    user: CurrentUser,
    services: ServicesDep,
    version: int | None = Query(default=None, ge=1, description="a version; the latest by default"),
) -> ResumeDetail:
    """A resume version's status (queued, extracting, analysing, done, failed) and analysis."""
    return ResumeDetail.model_validate(
        service.get_resume(services.store, service.VersionRef(user.user_id, resume_id, version)),
        from_attributes=True,
    )


@router.get(
    "/{resume_id}/file",
    operation_id="getResumeFile",
    response_model=FileLink,
    responses={307: {"description": "redirect to the file (with redirect=true)"}},
)
def get_resume_file(
    resume_id: str,
    user: CurrentUser,
    services: ServicesDep,
    version: int | None = Query(default=None, ge=1),
    redirect: bool = Query(default=False, description="answer 307 to the link instead of JSON"),
) -> Any:
    """A time-limited link to the original file."""
    link = service.download_url(
        services.store,
        services.blobs,
        service.VersionRef(user.user_id, resume_id, version),
        services.settings.download_url_ttl_seconds,
    )
    if redirect:
        return RedirectResponse(link.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    return FileLink.model_validate(link, from_attributes=True)


@router.delete("/{resume_id}", operation_id="deleteResume")
def delete_resume(resume_id: str, user: CurrentUser, services: ServicesDep) -> DeleteResult:
    """Delete a resume everywhere: all versions, files and analyses."""
    return DeleteResult.model_validate(
        service.delete_resume(services.store, services.blobs, user.user_id, resume_id),
        from_attributes=True,
    )


@router.delete(
    "/{resume_id}/versions/{version_number}",
    operation_id="deleteResumeVersion",
    responses={
        **errors(404),
        409: {"model": ErrorResponse, "description": "the only version, or being analysed"},
    },
)
def delete_resume_version(
    resume_id: str,
    version_number: Annotated[int, Path(ge=1)],
    user: CurrentUser,
    services: ServicesDep,
) -> ResumeDetail:
    """Delete one version (its file and analysis); answers the resume as it is now."""
    ref = service.VersionRef(user.user_id, resume_id, version_number)
    return ResumeDetail.model_validate(
        service.delete_version(services.store, services.blobs, ref), from_attributes=True
    )


@router.post(
    "/{resume_id}/apply-to-profile",
    operation_id="applyResumeToProfile",
    responses={409: {"description": "analysis not ready, or the profile changed"}},
)
def apply_to_profile(
    resume_id: str,
    user: CurrentUser,
    services: ServicesDep,
    body: ApplyIn | None = None,
) -> ApplyOut:
    """Add the skills found in the resume to your profile."""
    body = body or ApplyIn()
    result = service.apply_to_profile(
        services.store,
        service.VersionRef(user.user_id, resume_id, body.version_number),
        expected_profile_version=body.profile_version,
    )
    return ApplyOut.model_validate(result, from_attributes=True)
