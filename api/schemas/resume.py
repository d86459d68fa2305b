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


class ContactOut(analysis.Contact):
    model_config = _WIRE


class ExperienceOut(analysis.ExperienceItem):
    model_config = _WIRE


class EducationOut(analysis.EducationItem):
    model_config = _WIRE


class SkillEvidenceOut(analysis.SkillEvidence):
    model_config = _WIRE


class OcrOut(CamelModel):
    engine: str = Field(description="the OCR engine that read the scanned pages")
    confidence: float = Field(description="the engine's confidence, 0 to 1")
    pages: int


class AnalysisTargetOut(analysis.AnalysisTarget):
    model_config = _WIRE


class TargetOut(VersionTarget):
    """What the upload asked to compare against: a role or a job."""

    model_config = _WIRE


class AnalysisOut(analysis.ResumeAnalysis):
    """The analysis of one resume version. (An analysis stored by an older version may hold
    fields no longer answered: they are left out.)"""

    model_config = _WIRE

    # The answer's own parts, and fields every analysis has (required here; defaulted in the
    # stored analysis, for analyses stored before they were added).

    score_breakdown: list[ScoreComponent]  # type: ignore[assignment]
    skill_evidence: list[SkillEvidenceOut] = Field(  # type: ignore[assignment]
        default_factory=list, description=analysis.SKILL_EVIDENCE
    )
    ocr: OcrOut | None = Field(default=None, description=analysis.OCR)  # type: ignore[assignment]
    contact: ContactOut
    sections: list[str]
    experience: list[ExperienceOut]  # type: ignore[assignment]
    education: list[EducationOut] = Field(default_factory=list)  # type: ignore[assignment]
    years_experience: float
    target: AnalysisTargetOut | None = None
    analyzer: str = Field(description=analysis.ANALYZER)


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
    analysis: AnalysisOut | None = None
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
