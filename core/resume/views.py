"""What the resume service answers: views of stored resumes, and the outcomes of its actions.
Field names are the API's and the command line's, in camelCase once serialised."""

from __future__ import annotations

from pydantic import Field

from core.resume.analysis import ResumeAnalysis
from core.resume.repository import VersionStatus, VersionTarget
from core.values import Value


class VersionView(Value):
    resume_id: str
    version_number: int
    filename: str | None = None
    file_type: str | None = None
    size: int | None = None
    status: VersionStatus
    error: str | None = Field(default=None, description="why it failed, when it did")
    task_id: str | None = None
    target: VersionTarget | None = None
    ats_score: int | None = None
    created_at: str | None = None
    analyzed_at: str | None = None


class VersionBrief(Value):
    version_number: int
    filename: str | None = None
    created_at: str | None = None
    status: VersionStatus
    ats_score: int | None = None


class ResumeEntry(Value):
    """A resume in the list: its newest version's status and score, and every version."""

    resume_id: str
    filename: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    latest_version: int | None = None
    status: VersionStatus | None = None
    ats_score: int | None = None
    versions: list[VersionView]


class ResumeView(VersionView):
    """One version in full: the analysis once it is done, and a line per version."""

    analysis: ResumeAnalysis | None = None
    versions: list[VersionBrief]


class AnalysisSummary(Value):
    """The analysis task's result."""

    resume_id: str
    version_number: int
    status: VersionStatus
    ats_score: int | None = None
    analyzer: str | None = None


class DownloadLink(Value):
    url: str
    filename: str | None = None
    expires_in_seconds: int
    version_number: int


class DeletedResume(Value):
    resume_id: str
    deleted_versions: int
    deleted_files: int


class AppliedSkills(Value):
    skills: list[str]
    added: list[str]
    profile_version: int | None = None
