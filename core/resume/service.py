"""Resumes: upload (checked, stored, queued), versions, status and analysis, download, delete,
and copying the analysed skills into the profile. Where they are kept: `core.resume.repository`.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from core.blobs.port import BlobNotFound, BlobStore
from core.clock import iso
from core.errors import Conflict, InvalidInput, NotFound
from core.jobs.repository import JobRepository
from core.llm.port import LLM
from core.progress import Progress, no_progress
from core.resume.analysis import ResumeAnalysis
from core.resume.detect import CONTENT_TYPES, FileKind, detect_kind
from core.resume.errors import FileTooLarge, ResumeFileError
from core.resume.extract import Extracted
from core.resume.pipeline import (
    analyze_extracted,
    extract,
    limits_from_settings,
    target_for_job,
    target_for_role,
)
from core.resume.repository import (
    TERMINAL,
    Resume,
    ResumeVersion,
    VersionStatus,
    VersionTarget,
)
from core.resume.views import (
    AnalysisSummary,
    AppliedSkills,
    DeletedResume,
    DownloadLink,
    ResumeEntry,
    ResumeView,
    VersionBrief,
    VersionView,
)
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.storage.records import Repository
from core.tasks.errors import GiveUp
from core.tasks.lanes import UserLimits, ensure_capacity
from core.tasks.queue import TaskQueue
from core.tasks.repository import TaskEffect, record_effect
from core.tasks.runs import enqueue, find_run

TASK_KIND = "resume.analyze"
MAX_STORED_TEXT = 60_000
# In bytes as well: 60,000 characters of CJK or emoji text would crowd out the analysis stored
# beside it in one 400 KB item.
MAX_STORED_TEXT_BYTES = 120_000


def stored_text(text: str) -> str:
    """The part of a resume's text kept in its version item."""
    clipped = text[:MAX_STORED_TEXT].encode()[:MAX_STORED_TEXT_BYTES]
    return clipped.decode("utf-8", "ignore")


@dataclass
class Upload:
    filename: str
    data: bytes
    target_role: str | None = None
    target_job_id: str | None = None
    resume_id: str | None = None  # set to upload a new version of an existing resume


@dataclass(frozen=True)
class VersionRef:
    """A version of someone's resume, as they ask for it: the latest one when `version_number`
    is None."""

    user_id: str
    resume_id: str
    version_number: int | None = None


def _resumes(store: Store) -> Repository[Resume]:
    return Repository(store, Resume)


def _versions_repo(store: Store) -> Repository[ResumeVersion]:
    return Repository(store, ResumeVersion)


# ---- upload ----------------------------------------------------------------------------------


def upload_resume(
    *,
    store: Store,
    blobs: BlobStore,
    queue: TaskQueue,
    settings: Settings,
    user_id: str,
    upload: Upload,
) -> VersionView:
    """Check the file, store it as a new resume (or a new version), queue its analysis.

    Every check that can refuse the file runs before anything is written.
    """
    data = upload.data
    if len(data) > settings.max_upload_bytes:
        raise FileTooLarge(settings.max_upload_bytes)
    kind = detect_kind(data)
    # Read it now, so a locked, scanned or hostile file is refused here and never stored; the
    # worker then analyses this text instead of parsing the untrusted file a second time.
    extracted = extract(data, limits_from_settings(settings))
    role = (upload.target_role or "").strip() or None
    if role and len(role) > 120:
        raise InvalidInput("targetRole is too long; use a job title of at most 120 characters")
    job_id = (upload.target_job_id or "").strip() or None
    if job_id and JobRepository(store).find(job_id) is None:
        raise NotFound(f"no job {job_id}; choose a job from the list or give a targetRole")
    filename = safe_filename(upload.filename, kind)
    # Last of the checks, so that a refused upload (429) has written nothing.
    ensure_capacity(store, user_id, TASK_KIND, UserLimits.from_settings(settings))

    now = iso()
    resume: Resume | None = None
    if upload.resume_id:
        resume = _owned_resume(store, user_id, upload.resume_id)
        resume_id = resume.resume_id
    else:
        resume_id = uuid.uuid4().hex
    number = _claim_version(store, user_id, resume_id, resume, filename, now)

    key = f"{user_id}/{resume_id}/{filename}"
    blob = blobs.put(key, data, CONTENT_TYPES[kind])
    version = ResumeVersion(
        resume_id=resume_id,
        version_number=number,
        user_id=user_id,
        filename=filename,
        blob_key=key,
        blob_version_id=blob.version_id,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file_type=kind.value,
        content_type=CONTENT_TYPES[kind],
        target=VersionTarget(role=role, job_id=job_id) if (role or job_id) else None,
        status="queued",
        text=stored_text(extracted.text),
        extraction=extracted.to_record(with_text=False),
        created_at=now,
        updated_at=now,
    )
    version = _versions_repo(store).put(version, expected_version=0)
    return _queue_analysis(store, queue, version)


def _queue_analysis(store: Store, queue: TaskQueue, version: ResumeVersion) -> VersionView:
    try:
        run = enqueue(
            store,
            queue,
            user_id=version.user_id,
            kind=TASK_KIND,
            params={"resumeId": version.resume_id, "versionNumber": version.version_number},
        )
    except Exception as exc:
        _update_version(store, version, status="failed", error=f"could not queue analysis: {exc}")
        raise
    queued = _update_version(store, version, task_id=run.task_id)
    return _version_view(queued or version.model_copy(update={"task_id": run.task_id}))


def reanalyze(
    *, store: Store, queue: TaskQueue, settings: Settings, ref: VersionRef
) -> VersionView:
    """Queue a new analysis of a version whose analysis failed (the web app's "Try again")."""
    view = get_resume(store, ref)
    if view.status == "done":
        raise Conflict("this version is already analysed", code="already_analysed")
    if view.status != "failed":
        raise Conflict("this version's analysis is still in progress", code="in_progress")
    ensure_capacity(store, ref.user_id, TASK_KIND, UserLimits.from_settings(settings))
    version = _update_version(
        store,
        _version_key(ref.resume_id, view.version_number),
        status="queued",
        error=None,
        task_id=None,
    )
    if version is None:
        raise NotFound("resume not found")
    return _queue_analysis(store, queue, version)


def _claim_version(
    store: Store,
    user_id: str,
    resume_id: str,
    resume: Resume | None,
    filename: str,
    now: str,
) -> int:
    """The next version number, reserved by an optimistic write of the Resumes item."""

    def claim(found: Resume | None) -> Resume:
        if found is None:
            if resume is not None:
                raise NotFound("resume not found")  # deleted meanwhile
            return Resume(
                resume_id=resume_id,
                user_id=user_id,
                filename=filename,
                latest_version=1,
                created_at=now,
                updated_at=now,
            )
        return found.model_copy(
            update={
                "latest_version": found.latest_version + 1,
                "filename": filename,
                "updated_at": now,
            }
        )

    try:
        claimed = _resumes(store).update({"resumeId": resume_id}, claim)
    except ConditionFailed:
        raise Conflict("this resume is being updated elsewhere; try again") from None
    assert claimed is not None
    return claimed.latest_version


_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_filename(name: str, kind: FileKind) -> str:
    """A plain file name for the blob key, with the extension the content really has."""
    base = PurePath((name or "").replace("\\", "/")).name
    stem = re.sub(r"\s+", "-", _UNSAFE.sub(" ", PurePath(base).stem).strip())
    stem = re.sub(r"-{2,}", "-", stem).strip("._-")[:80].strip("._-") or "resume"
    return f"{stem}.{kind.value}"


# ---- the task --------------------------------------------------------------------------------


def run_analysis(
    *,
    store: Store,
    blobs: BlobStore,
    llm: LLM | None,
    settings: Settings,
    resume_id: str,
    version_number: int,
    progress: Progress = no_progress,
    today: date | None = None,
    task_id: str | None = None,
) -> AnalysisSummary | None:
    """Analyse one stored version. Idempotent: a version already analysed returns its result;
    a version that no longer exists is skipped."""
    key = _version_key(resume_id, version_number)
    version = _versions_repo(store).get(key)
    if version is None:
        return None
    if version.status == "done" and version.analysis is not None:
        return _summary(version)

    _update_version(store, key, status="extracting", error=None)
    progress("extracting", 10)
    extracted = _stored_extraction(version)
    if extracted is None:
        try:
            data = blobs.get(version.blob_key, version.blob_version_id)
        except BlobNotFound:
            _update_version(store, key, status="failed", error="file gone")
            raise GiveUp("the resume file is gone (deleted?)") from None
        try:
            extracted = extract(data, limits_from_settings(settings))
        except ResumeFileError as exc:
            _update_version(store, key, status="failed", error=exc.message)
            raise GiveUp(exc.message) from None

    _update_version(store, key, status="analysing")
    progress("analysing", 50)
    wanted = version.target or VersionTarget()
    target = None
    if wanted.job_id:
        job = JobRepository(store).find(wanted.job_id)
        if job is not None:
            target = target_for_job(job)
    if target is None:
        target = target_for_role(wanted.role)
    result = analyze_extracted(extracted, llm=llm, target=target, today=today)
    _record_usage(store, version, result, task_id)

    done = _update_version(
        store,
        key,
        status="done",
        error=None,
        analysis=result,
        text=stored_text(extracted.text),
        analyzed_at=iso(),
    )
    progress("done", 100)
    return _summary(done or version.model_copy(update={"analysis": result, "status": "done"}))


def _record_usage(
    store: Store, version: ResumeVersion, result: ResumeAnalysis, task_id: str | None
) -> None:
    """One usage record per analysed version (what a person's analyses, and the model calls
    they cost, are counted from). Keyed by the version, so a redelivered task whose worker died
    after this write does not count it twice; written before the version is marked done,
    because a redelivery that finds it done returns at once and would never write it."""
    record_effect(
        store,
        TaskEffect(
            effect_id=f"{TASK_KIND}:{version.resume_id}:{version.version_number}",
            user_id=version.user_id,
            kind=TASK_KIND,
            task_id=task_id,
            analyzer=result.analyzer,
            created_at=iso(),
        ),
    )


def _stored_extraction(version: ResumeVersion) -> Extracted | None:
    """The text read at upload, when it was stored whole (longer texts are read again)."""
    meta, text = version.extraction, version.text
    if meta is None or text is None or len(text) >= MAX_STORED_TEXT:
        return None
    if len(text.encode()) >= MAX_STORED_TEXT_BYTES - 4:  # clipped by its size in bytes
        return None
    return meta.to_extracted(text)


def _summary(version: ResumeVersion) -> AnalysisSummary:
    analysis = version.analysis
    return AnalysisSummary(
        resume_id=version.resume_id,
        version_number=version.version_number,
        status=version.status,
        ats_score=analysis.ats_score if analysis else None,
        analyzer=analysis.analyzer if analysis else None,
    )


def _version_key(resume_id: str, number: int) -> dict[str, str | int]:
    return {"resumeId": resume_id, "versionNumber": number}


def _update_version(
    store: Store, version: ResumeVersion | dict[str, str | int], **changes: Any
) -> ResumeVersion | None:
    """Apply `changes` (record attributes) to the stored version; None when it is gone."""
    unknown = set(changes) - ResumeVersion.model_fields.keys()
    if unknown:  # a misspelt name would be stored as an extra attribute, silently
        raise TypeError(f"ResumeVersion has no {', '.join(sorted(unknown))}")
    key = version.version_key() if isinstance(version, ResumeVersion) else version

    def change(found: ResumeVersion | None) -> ResumeVersion | None:
        if found is None:
            return None
        return found.model_copy(update={**changes, "updated_at": iso()})

    try:
        return _versions_repo(store).update(key, change)
    except ConditionFailed:
        raise Conflict("the resume version kept changing; try again") from None


# ---- reading ---------------------------------------------------------------------------------


def _owned_resume(store: Store, user_id: str, resume_id: str) -> Resume:
    """The caller's resume, or 404 (someone else's resume is "not found" too)."""
    return _resumes(store).get_owned({"resumeId": resume_id}, user_id, what="resume")


def _versions(store: Store, resume_id: str) -> list[ResumeVersion]:
    return _versions_repo(store).query(resume_id, descending=True)


def _effective_status(store: Store, version: ResumeVersion) -> tuple[VersionStatus, str | None]:
    """The version's status; a run that died (time limit, worker lost) shows as failed."""
    if version.status in TERMINAL or not version.task_id:
        return version.status, version.error
    run = find_run(store, version.task_id)
    if run is not None and run.status == "failed":
        return "failed", run.error or "the analysis stopped"
    return version.status, version.error


def _version_view(version: ResumeVersion) -> VersionView:
    return VersionView.model_validate(version, from_attributes=True)


def _current_view(store: Store, version: ResumeVersion) -> VersionView:
    """The version as listed, with the status of its run when that run died."""
    status, error = _effective_status(store, version)
    return _version_view(version).model_copy(update={"status": status, "error": error})


def list_resumes(store: Store, user_id: str) -> list[ResumeEntry]:
    out = []
    for resume in _resumes(store).query(user_id, index="UserIdIndex", descending=True):
        versions = [_current_view(store, v) for v in _versions(store, resume.resume_id)]
        latest = versions[0] if versions else None
        out.append(
            ResumeEntry(
                resume_id=resume.resume_id,
                filename=resume.filename,
                created_at=resume.created_at,
                updated_at=resume.updated_at,
                latest_version=latest.version_number if latest else resume.latest_version,
                status=latest.status if latest else None,
                ats_score=latest.ats_score if latest else None,
                versions=versions,
            )
        )
    return out


def _find_version(
    store: Store, ref: VersionRef
) -> tuple[Resume, list[ResumeVersion], ResumeVersion]:
    """The caller's resume, its versions (newest first) and the one asked for, or NotFound."""
    resume = _owned_resume(store, ref.user_id, ref.resume_id)
    versions = _versions(store, ref.resume_id)
    if not versions:
        raise NotFound("resume not found")
    if ref.version_number is None:
        return resume, versions, versions[0]
    match = [v for v in versions if v.version_number == ref.version_number]
    if not match:
        raise NotFound(f"this resume has no version {ref.version_number}")
    return resume, versions, match[0]


def get_resume(store: Store, ref: VersionRef) -> ResumeView:
    """One resume version with its status and, when done, analysis."""
    resume, versions, version = _find_version(store, ref)
    view = _current_view(store, version)
    return ResumeView(
        **{**view.model_dump(), "created_at": resume.created_at},
        analysis=version.analysis if view.status == "done" else None,
        versions=[VersionBrief.model_validate(v, from_attributes=True) for v in versions],
    )


def download_url(store: Store, blobs: BlobStore, ref: VersionRef, ttl_seconds: int) -> DownloadLink:
    _, _, version = _find_version(store, ref)
    try:
        url = blobs.download_url(
            version.blob_key, version_id=version.blob_version_id, ttl_seconds=ttl_seconds
        )
    except BlobNotFound:
        raise NotFound("the resume file is gone") from None
    return DownloadLink(
        url=url,
        filename=version.filename,
        expires_in_seconds=ttl_seconds,
        version_number=version.version_number,
    )


def delete_resume(store: Store, blobs: BlobStore, user_id: str, resume_id: str) -> DeletedResume:
    """Remove a resume everywhere: every file version, every version item, the resume."""
    _owned_resume(store, user_id, resume_id)
    removed_files = blobs.delete_prefix(f"{user_id}/{resume_id}/")
    versions = _versions(store, resume_id)
    repo = _versions_repo(store)
    for v in versions:
        repo.delete(v.version_key())
    _resumes(store).delete({"resumeId": resume_id})
    return DeletedResume(
        resume_id=resume_id, deleted_versions=len(versions), deleted_files=removed_files
    )


def delete_version(store: Store, blobs: BlobStore, ref: VersionRef) -> ResumeView:
    """Remove one version of a resume (a wrong file, a worse draft): its item, its file and its
    analysis. The newest version left becomes the one jobs are matched with. Returns the resume
    as it is now. The only version cannot go (delete the resume instead), nor one still being
    analysed, whose worker would write it back."""
    if ref.version_number is None:
        raise InvalidInput("name the version to delete")
    resume, versions, version = _find_version(store, ref)
    if len(versions) == 1:
        raise Conflict(
            "this is the resume's only version; delete the resume instead",
            code="only_version",
        )
    status, _ = _effective_status(store, version)
    if status not in TERMINAL:
        raise Conflict(
            "this version is still being analysed; delete it once its analysis ends",
            code="in_progress",
        )
    # The item first: a crash before the file goes leaves an unlisted file (erased with the
    # resume), never a listed version whose file is gone.
    _versions_repo(store).delete(version.version_key())
    if version.blob_version_id:
        blobs.delete_version(version.blob_key, version.blob_version_id)
    newest = next(v for v in versions if v.version_number != version.version_number)

    def rename(found: Resume | None) -> Resume | None:
        if found is None:
            return None
        return found.model_copy(update={"filename": newest.filename, "updated_at": iso()})

    _resumes(store).update({"resumeId": resume.resume_id}, rename)
    return get_resume(store, VersionRef(ref.user_id, ref.resume_id))


def latest_analysed_version(store: Store, user_id: str) -> ResumeVersion | None:
    """The newest version of any of a person's resumes whose analysis is done."""
    for v in _versions_repo(store).query(user_id, index="UserIdIndex", descending=True, limit=50):
        if v.status == "done" and v.analysis is not None:
            return v
    return None


def latest_analysis(store: Store, user_id: str) -> dict[str, Any] | None:
    """The newest finished analysis as the job matcher reads it: the analysis item with the
    resume's text and id."""
    version = latest_analysed_version(store, user_id)
    if version is None or version.analysis is None:
        return None
    return {
        **version.analysis.to_item(),
        "text": version.text or "",
        "resumeId": version.resume_id,
    }


def apply_to_profile(
    store: Store, ref: VersionRef, *, expected_profile_version: int | None = None
) -> AppliedSkills:
    """Add the analysed skills to the profile's skills (kept in order, no duplicates)."""
    from core.users.repository import ProfileChanges
    from core.users.service import get_user, update_profile

    view = get_resume(store, ref)
    if view.status != "done" or view.analysis is None:
        raise Conflict(f"the analysis is not ready (status: {view.status}); try again soon")
    found = list(view.analysis.skills)
    current = get_user(store, ref.user_id).skills
    known = {s.lower() for s in current}
    added = [s for s in found if s.lower() not in known]
    user = update_profile(
        store,
        ref.user_id,
        ProfileChanges(skills=[*current, *added]),
        expected_version=expected_profile_version,
    )
    return AppliedSkills(skills=user.skills, added=added, profile_version=user.version)
