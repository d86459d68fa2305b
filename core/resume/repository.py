"""Where resumes are kept: `Resumes` (one item per resume: owner, latest version number) and
`ResumeVersions` (one item per uploaded file: its blob, status, text read at upload, and
analysis). Files live in the blob store under `{userId}/{resumeId}/{filename}`."""

from __future__ import annotations

from typing import ClassVar, Literal

from core.resume.analysis import ResumeAnalysis
from core.resume.extract_base import ExtractionRecord
from core.storage.records import Record
from core.values import StoredValue

RESUMES = "Resumes"
VERSIONS = "ResumeVersions"
VersionStatus = Literal["queued", "extracting", "analysing", "done", "failed"]
TERMINAL: frozenset[VersionStatus] = frozenset({"done", "failed"})


class Resume(Record):
    table: ClassVar[str] = RESUMES

    resume_id: str
    user_id: str
    filename: str | None = None
    latest_version: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0


class VersionTarget(StoredValue):
    """What the upload asked the analysis to compare against: a role, or a stored job."""

    role: str | None = None
    job_id: str | None = None


class ResumeVersion(Record):
    table: ClassVar[str] = VERSIONS

    resume_id: str
    version_number: int
    user_id: str
    filename: str
    blob_key: str
    blob_version_id: str | None = None
    size: int = 0
    sha256: str | None = None
    file_type: str | None = None
    content_type: str | None = None
    target: VersionTarget | None = None
    status: VersionStatus = "queued"
    error: str | None = None
    task_id: str | None = None
    analysis: ResumeAnalysis | None = None
    text: str | None = None
    extraction: ExtractionRecord | None = None  # kept without its text (that is `text`)
    created_at: str | None = None
    updated_at: str | None = None
    analyzed_at: str | None = None
    version: int = 0

    @property
    def ats_score(self) -> int | None:
        """The analysis's score, once there is one."""
        return self.analysis.ats_score if self.analysis else None

    def version_key(self) -> dict[str, str | int]:
        return {"resumeId": self.resume_id, "versionNumber": self.version_number}
