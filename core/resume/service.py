"""Resumes: upload (checked, stored, queued), versions, status and analysis, download, delete,
and copying the analysed skills into the profile.

Tables: `Resumes` (one item per resume: owner, latest version) and `ResumeVersions` (one item per
uploaded file: blob, status, analysis). Files live in the blob store under
`{userId}/{resumeId}/{filename}`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any, Literal

from core.blobs.port import BlobNotFound, BlobStore
from core.clock import iso
from core.errors import Conflict, InvalidInput, NotFound
from core.llm.port import LLM
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
from core.settings import Settings
from core.storage.port import ConditionFailed, Store, get_owned
from core.tasks.errors import GiveUp
from core.tasks.lanes import UserLimits, ensure_capacity
from core.tasks.queue import TaskQueue
from core.tasks.runs import enqueue_run, get_run

RESUMES = "Resumes"
VERSIONS = "ResumeVersions"
TASK_KIND = "resume.analyze"
VersionStatus = Literal["queued", "extracting", "analysing", "done", "failed"]
TERMINAL: frozenset[VersionStatus] = frozenset({"done", "failed"})
MAX_STORED_TEXT = 60_000
# In bytes as well: 60,000 characters of CJK or emoji text would crowd out the analysis stored
# beside it in one 400 KB item.
MAX_STORED_TEXT_BYTES = 120_000


def stored_text(text: str) -> str:
    """The part of a resume's text kept in its version item."""
    clipped = text[:MAX_STORED_TEXT].encode()[:MAX_STORED_TEXT_BYTES]
    return clipped.decode("utf-8", "ignore")


Progress = Callable[[str, int | None], None]


@dataclass
class Upload:
    filename: str
    data: bytes
    target_role: str | None = None
    target_job_id: str | None = None
    resume_id: str | None = None  # set to upload a new version of an existing resume


# ---- upload ----------------------------------------------------------------------------------


def upload_resume(
    *,
    store: Store,
    blobs: BlobStore,
    queue: TaskQueue,
    settings: Settings,
    user_id: str,
    upload: Upload,
) -> dict[str, Any]:
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
    if job_id and store.get("Jobs", {"jobId": job_id}) is None:
        raise NotFound(f"no job {job_id}; choose a job from the list or give a targetRole")
    filename = safe_filename(upload.filename, kind)
    # Last of the checks, so that a refused upload (429) has written nothing.
    ensure_capacity(store, user_id, TASK_KIND, UserLimits.from_settings(settings))

    now = iso()
    if upload.resume_id:
        resume = _owned_resume(store, user_id, upload.resume_id)
        resume_id = resume["resumeId"]
    else:
        resume_id = uuid.uuid4().hex
        resume = None
    number = _claim_version(store, user_id, resume_id, resume, filename, now)

    key = f"{user_id}/{resume_id}/{filename}"
    blob = blobs.put(key, data, CONTENT_TYPES[kind])
    version: dict[str, Any] = {
        "resumeId": resume_id,
        "versionNumber": number,
        "userId": user_id,
        "filename": filename,
        "blobKey": key,
        "blobVersionId": blob.version_id,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "fileType": kind.value,
        "contentType": CONTENT_TYPES[kind],
        "target": {"role": role, "jobId": job_id} if (role or job_id) else None,
        "status": "queued",
        "error": None,
        "taskId": None,
        "analysis": None,
        "text": stored_text(extracted.text),
        "extraction": {**extracted.to_dict(), "text": None},
        "createdAt": now,
        "updatedAt": now,
        "analyzedAt": None,
    }
    store.put(VERSIONS, version, expected_version=0)
    return _queue_analysis(store, queue, version)


def _queue_analysis(store: Store, queue: TaskQueue, version: dict[str, Any]) -> dict[str, Any]:
    resume_id, number = version["resumeId"], version["versionNumber"]
    try:
        run = enqueue_run(
            store,
            queue,
            user_id=version["userId"],
            kind=TASK_KIND,
            params={"resumeId": resume_id, "versionNumber": number},
        )
    except Exception as exc:
        _update_version(
            store, resume_id, number, status="failed", error=f"could not queue analysis: {exc}"
        )
        raise
    version = _update_version(store, resume_id, number, taskId=run["taskId"]) or version
    return _version_view(version, run)


def reanalyze(
    *,
    store: Store,
    queue: TaskQueue,
    settings: Settings,
    user_id: str,
    resume_id: str,
    version_number: int | None = None,
) -> dict[str, Any]:
    """Queue a new analysis of a version whose analysis failed (the web app's "Try again")."""
    view = get_resume(store, user_id, resume_id, version_number)
    if view["status"] == "done":
        raise Conflict("this version is already analysed", code="already_analysed")
    if view["status"] != "failed":
        raise Conflict("this version's analysis is still in progress", code="in_progress")
    ensure_capacity(store, user_id, TASK_KIND, UserLimits.from_settings(settings))
    version = _update_version(
        store, resume_id, view["versionNumber"], status="queued", error=None, taskId=None
    )
    if version is None:
        raise NotFound("resume not found")
    return _queue_analysis(store, queue, version)


def _claim_version(
    store: Store,
    user_id: str,
    resume_id: str,
    resume: dict[str, Any] | None,
    filename: str,
    now: str,
) -> int:
    """The next version number, reserved by an optimistic write of the Resumes item."""

    def claim(item: dict[str, Any] | None) -> dict[str, Any]:
        if item is None:
            if resume is not None:
                raise NotFound("resume not found")  # deleted meanwhile
            return {
                "userId": user_id,
                "filename": filename,
                "latestVersion": 1,
                "createdAt": now,
                "updatedAt": now,
            }
        number = int(item.get("latestVersion", 0)) + 1
        return {**item, "latestVersion": number, "filename": filename, "updatedAt": now}

    try:
        claimed = store.update(RESUMES, {"resumeId": resume_id}, claim)
    except ConditionFailed:
        raise Conflict("this resume is being updated elsewhere; try again") from None
    assert claimed is not None
    return int(claimed["latestVersion"])


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
    progress: Progress | None = None,
    today: date | None = None,
    task_id: str | None = None,
) -> dict[str, Any] | None:
    """Analyse one stored version. Idempotent: a version already analysed returns its result;
    a version that no longer exists is skipped."""
    version = store.get(VERSIONS, {"resumeId": resume_id, "versionNumber": version_number})
    if version is None:
        return None
    if version.get("status") == "done" and isinstance(version.get("analysis"), dict):
        return _summary(version)
    report: Progress = progress or _no_progress

    _update_version(store, resume_id, version_number, status="extracting", error=None)
    report("extracting", 10)
    extracted = _stored_extraction(version)
    if extracted is None:
        try:
            data = blobs.get(version["blobKey"], version.get("blobVersionId"))
        except BlobNotFound:
            _update_version(store, resume_id, version_number, status="failed", error="file gone")
            raise GiveUp("the resume file is gone (deleted?)") from None
        try:
            extracted = extract(data, limits_from_settings(settings))
        except ResumeFileError as exc:
            _update_version(store, resume_id, version_number, status="failed", error=exc.message)
            raise GiveUp(exc.message) from None

    _update_version(store, resume_id, version_number, status="analysing")
    report("analysing", 50)
    target_spec = version.get("target") or {}
    target = None
    if target_spec.get("jobId"):
        job = store.get("Jobs", {"jobId": target_spec["jobId"]})
        if job is not None:
            target = target_for_job(job)
    if target is None:
        target = target_for_role(target_spec.get("role"))
    result = analyze_extracted(extracted, llm=llm, target=target, today=today)
    _record_usage(store, version, result, task_id)

    done = _update_version(
        store,
        resume_id,
        version_number,
        status="done",
        error=None,
        analysis=result,
        text=stored_text(extracted.text),
        analyzedAt=iso(),
    )
    report("done", 100)
    return _summary(done or {**version, "analysis": result, "status": "done"})


def _record_usage(
    store: Store, version: dict[str, Any], result: dict[str, Any], task_id: str | None
) -> None:
    """One usage record per analysed version (what a person's analyses, and the model calls
    they cost, are counted from). Keyed by the version, so a redelivered task whose worker died
    after this write does not count it twice; written before the version is marked done,
    because a redelivery that finds it done returns at once and would never write it."""
    record = {
        "effectId": f"{TASK_KIND}:{version['resumeId']}:{version['versionNumber']}",
        "userId": version["userId"],
        "kind": TASK_KIND,
        "taskId": task_id,
        "analyzer": result.get("analyzer"),
        "createdAt": iso(),
    }
    with contextlib.suppress(ConditionFailed):
        store.put("TaskEffects", record, if_not_exists=True)


def _stored_extraction(version: dict[str, Any]) -> Extracted | None:
    """The text read at upload, when it was stored whole (longer texts are read again)."""
    meta = version.get("extraction")
    text = version.get("text")
    if not isinstance(meta, dict) or not isinstance(text, str) or len(text) >= MAX_STORED_TEXT:
        return None
    if len(text.encode()) >= MAX_STORED_TEXT_BYTES - 4:  # clipped by its size in bytes
        return None
    try:
        return Extracted.from_dict({**meta, "text": text})
    except (KeyError, ValueError, TypeError):
        return None


def _no_progress(stage: str, percent: int | None = None) -> None:
    return None


def _summary(version: dict[str, Any]) -> dict[str, Any]:
    analysis = version.get("analysis") or {}
    return {
        "resumeId": version["resumeId"],
        "versionNumber": version["versionNumber"],
        "status": version.get("status"),
        "atsScore": analysis.get("atsScore"),
        "analyzer": analysis.get("analyzer"),
    }


def _update_version(
    store: Store, resume_id: str, number: int, **changes: Any
) -> dict[str, Any] | None:
    key = {"resumeId": resume_id, "versionNumber": number}
    try:
        return store.update(
            VERSIONS,
            key,
            lambda item: None if item is None else {**item, **changes, "updatedAt": iso()},
        )
    except ConditionFailed:
        raise Conflict("the resume version kept changing; try again") from None


# ---- reading ---------------------------------------------------------------------------------


def _owned_resume(store: Store, user_id: str, resume_id: str) -> dict[str, Any]:
    """The caller's resume, or 404 (someone else's resume is "not found" too)."""
    return get_owned(store, RESUMES, {"resumeId": resume_id}, user_id, what="resume")


def _versions(store: Store, resume_id: str) -> list[dict[str, Any]]:
    return store.query(VERSIONS, resume_id, descending=True)


def _effective_status(store: Store, version: dict[str, Any]) -> tuple[str, str | None]:
    """The version's status; a run that died (time limit, worker lost) shows as failed."""
    status = str(version.get("status") or "queued")
    error = version.get("error")
    if status in TERMINAL or not version.get("taskId"):
        return status, error
    run = get_run(store, version["taskId"])
    if run is not None and run.get("status") == "failed":
        return "failed", run.get("error") or "the analysis stopped"
    return status, error


def _version_view(version: dict[str, Any], run: dict[str, Any] | None = None) -> dict[str, Any]:
    analysis = version.get("analysis") or {}
    return {
        "resumeId": version["resumeId"],
        "versionNumber": version["versionNumber"],
        "filename": version.get("filename"),
        "fileType": version.get("fileType"),
        "size": version.get("size"),
        "status": version.get("status"),
        "error": version.get("error"),
        "taskId": version.get("taskId") or (run or {}).get("taskId"),
        "target": version.get("target"),
        "atsScore": analysis.get("atsScore"),
        "createdAt": version.get("createdAt"),
        "analyzedAt": version.get("analyzedAt"),
    }


def list_resumes(store: Store, user_id: str) -> list[dict[str, Any]]:
    out = []
    for resume in store.query(RESUMES, user_id, index="UserIdIndex", descending=True):
        versions = []
        for v in _versions(store, resume["resumeId"]):
            status, error = _effective_status(store, v)
            versions.append({**_version_view(v), "status": status, "error": error})
        latest = versions[0] if versions else None
        out.append(
            {
                "resumeId": resume["resumeId"],
                "filename": resume.get("filename"),
                "createdAt": resume.get("createdAt"),
                "updatedAt": resume.get("updatedAt"),
                "latestVersion": resume.get("latestVersion"),
                "status": latest["status"] if latest else None,
                "atsScore": latest["atsScore"] if latest else None,
                "versions": versions,
            }
        )
    return out


def get_resume(
    store: Store, user_id: str, resume_id: str, version_number: int | None = None
) -> dict[str, Any]:
    """One resume version (the latest by default) with its status and, when done, analysis."""
    resume = _owned_resume(store, user_id, resume_id)
    versions = _versions(store, resume_id)
    if not versions:
        raise NotFound("resume not found")
    if version_number is None:
        version = versions[0]
    else:
        match = [v for v in versions if int(v["versionNumber"]) == version_number]
        if not match:
            raise NotFound(f"this resume has no version {version_number}")
        version = match[0]
    status, error = _effective_status(store, version)
    view = {**_version_view(version), "status": status, "error": error}
    view["analysis"] = version.get("analysis") if status == "done" else None
    view["createdAt"] = resume.get("createdAt")
    view["versions"] = [
        {
            "versionNumber": v["versionNumber"],
            "filename": v.get("filename"),
            "createdAt": v.get("createdAt"),
            "status": v.get("status"),
            "atsScore": (v.get("analysis") or {}).get("atsScore"),
        }
        for v in versions
    ]
    return view


def download_url(
    store: Store,
    blobs: BlobStore,
    user_id: str,
    resume_id: str,
    version_number: int | None,
    ttl_seconds: int,
) -> dict[str, Any]:
    view = get_resume(store, user_id, resume_id, version_number)
    version = store.get(VERSIONS, {"resumeId": resume_id, "versionNumber": view["versionNumber"]})
    assert version is not None
    try:
        url = blobs.download_url(
            version["blobKey"], version_id=version.get("blobVersionId"), ttl_seconds=ttl_seconds
        )
    except BlobNotFound:
        raise NotFound("the resume file is gone") from None
    return {
        "url": url,
        "filename": version.get("filename"),
        "expiresInSeconds": ttl_seconds,
        "versionNumber": version["versionNumber"],
    }


def delete_resume(store: Store, blobs: BlobStore, user_id: str, resume_id: str) -> dict[str, Any]:
    """Remove a resume everywhere: every file version, every version item, the resume."""
    _owned_resume(store, user_id, resume_id)
    removed_files = blobs.delete_prefix(f"{user_id}/{resume_id}/")
    versions = _versions(store, resume_id)
    for v in versions:
        store.delete(VERSIONS, {"resumeId": resume_id, "versionNumber": v["versionNumber"]})
    store.delete(RESUMES, {"resumeId": resume_id})
    return {"resumeId": resume_id, "deletedVersions": len(versions), "deletedFiles": removed_files}


def latest_analysis(store: Store, user_id: str) -> dict[str, Any] | None:
    """The newest finished analysis of any of a person's resumes (with its text), or None."""
    for v in store.query(VERSIONS, user_id, index="UserIdIndex", descending=True, limit=50):
        if v.get("status") == "done" and isinstance(v.get("analysis"), dict):
            return {**v["analysis"], "text": v.get("text") or "", "resumeId": v["resumeId"]}
    return None


def apply_to_profile(
    store: Store,
    user_id: str,
    resume_id: str,
    *,
    version_number: int | None = None,
    expected_profile_version: int | None = None,
) -> dict[str, Any]:
    """Add the analysed skills to the profile's skills (kept in order, no duplicates)."""
    from core.users.repository import ProfileChanges
    from core.users.service import get_user, update_profile

    view = get_resume(store, user_id, resume_id, version_number)
    if view["status"] != "done" or not view.get("analysis"):
        raise Conflict(f"the analysis is not ready (status: {view['status']}); try again soon")
    found = [str(s) for s in view["analysis"].get("skills") or []]
    current = get_user(store, user_id).skills
    known = {s.lower() for s in current}
    added = [s for s in found if s.lower() not in known]
    user = update_profile(
        store,
        user_id,
        ProfileChanges(skills=[*current, *added]),
        expected_version=expected_profile_version,
    )
    return {
        "skills": user.skills,
        "added": added,
        "profileVersion": user.version,
    }
