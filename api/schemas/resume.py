"""What the API takes and answers about resumes and their analyses."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.schemas.base import CamelModel, Integer, RequestModel, Timestamp
from core.resume import analysis, views
from core.resume.repository import VersionTarget

# Answers that are the service's own values, read by attribute and closed to other names.
_WIRE = ConfigDict(extra="forbid", from_attributes=True)


class ScoreComponent(analysis.ScoreComponent):
    model_config = _WIRE


class ContactOut(CamelModel):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[str] = Field(default_factory=list)


class ExperienceOut(analysis.ExperienceItem):
    model_config = _WIRE


class EducationOut(analysis.EducationItem):
    model_config = _WIRE


class SkillEvidenceOut(CamelModel):
    name: str
    evidence: str = Field(description="the line of the resume that shows the skill")
    section: str | None = Field(default=None, description="the section that line sits in")


class OcrOut(CamelModel):
    engine: str = Field(description="the OCR engine that read the scanned pages")
    confidence: float = Field(description="the engine's confidence, 0 to 1")
    pages: int


class AnalysisTargetOut(CamelModel):
    label: str = Field(description="the target role, or the target job's title and company")
    job_id: str | None = None
    keywords: list[str] = Field(default_factory=list)


class TargetOut(VersionTarget):
    """What the upload asked to compare against: a role or a job."""

    model_config = _WIRE


class AnalysisOut(CamelModel):
    """The analysis of one resume version. (An analysis stored by an older version may hold
    fields no longer answered: they are left out.)"""

    ats_score: int
    score_breakdown: list[ScoreComponent]
    strengths: list[str]
    weaknesses: list[str]
    suggestions: list[str]
    skills: list[str]
    skills_by_category: dict[str, list[str]] = Field(default_factory=dict)
    skill_evidence: list[SkillEvidenceOut] = Field(
        default_factory=list, description="for each skill, the resume line that shows it"
    )
    ocr: OcrOut | None = Field(default=None, description="set when the PDF was a scan read by OCR")
    contact: ContactOut
    sections: list[str]
    experience: list[ExperienceOut]
    education: list[EducationOut] = Field(default_factory=list)
    years_experience: float
    keyword_gap: list[str] | None = None
    target: AnalysisTargetOut | None = None
    analyzer: str = Field(description="who wrote the review: local, bedrock or openai")
    analyzer_model: str | None = Field(
        default=None, description="the language model that wrote the review, when one did"
    )
    analyzer_version: str | None = None
    fallback_reason: str | None = Field(
        default=None, description="why a configured language model's review is not shown"
    )
    file_type: str | None = None
    page_count: int | None = None
    word_count: int | None = None
    layout: list[str] = Field(
        default_factory=list, description="layout features found (columns, tables, text boxes…)"
    )


class VersionSummary(views.VersionView):
    model_config = _WIRE

    target: TargetOut | None = None
    created_at: Timestamp | None = None  # type: ignore[assignment]
    analyzed_at: Timestamp | None = None  # type: ignore[assignment]


class ResumeListItem(views.ResumeEntry):
    model_config = _WIRE

    created_at: Timestamp | None = None  # type: ignore[assignment]
    updated_at: Timestamp | None = None  # type: ignore[assignment]
    versions: list[VersionSummary]  # type: ignore[assignment]


class ResumeList(CamelModel):
    items: list[ResumeListItem]


class VersionBrief(views.VersionBrief):
    model_config = _WIRE

    created_at: Timestamp | None = None  # type: ignore[assignment]


class ResumeDetail(views.ResumeView):
    model_config = _WIRE

    target: TargetOut | None = None
    created_at: Timestamp | None = None  # type: ignore[assignment]
    analyzed_at: Timestamp | None = None  # type: ignore[assignment]
    analysis: AnalysisOut | None = None  # type: ignore[assignment]
    versions: list[VersionBrief] = Field(default_factory=list)  # type: ignore[assignment]


class FileLink(views.DownloadLink):
    model_config = _WIRE


class DeleteResult(views.DeletedResume):
    model_config = _WIRE


class ApplyIn(RequestModel):
    version_number: Integer | None = Field(default=None, ge=1, le=1_000_000)
    profile_version: Integer | None = Field(
        default=None,
        ge=0,
        description="the profile version you read; a newer profile answers 409",
    )


class ApplyOut(views.AppliedSkills):
    model_config = _WIRE
