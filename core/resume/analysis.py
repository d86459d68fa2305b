"""The analysis of one resume: what the local analyser computes, the LLM may rewrite, a
resume version stores, and the API and the command line show (camelCase, in this order)."""

from __future__ import annotations

from pydantic import Field

from core.resume.extract_base import OcrInfo
from core.values import StoredValue


class Contact(StoredValue):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[str] = Field(default_factory=list)


class ScoreComponent(StoredValue):
    component: str
    label: str
    points: int
    max_points: int
    reason: str


class ExperienceItem(StoredValue):
    title: str | None = None
    company: str | None = None
    location: str | None = None
    start: str | None = None
    end: str | None = None  # a month, or "present"
    current: bool = False
    months: int | None = None
    bullets: list[str] = Field(default_factory=list)


class EducationItem(StoredValue):
    degree: str | None = None
    field: str | None = None
    institution: str | None = None
    start: str | None = None
    end: str | None = None


class SkillEvidence(StoredValue):
    name: str
    evidence: str = Field(description="the line of the resume that shows the skill")
    section: str | None = Field(default=None, description="the section that line sits in")


class AnalysisTarget(StoredValue):
    label: str = Field(description="the target role, or the target job's title and company")
    job_id: str | None = None
    keywords: list[str] = Field(default_factory=list)


# Said of fields whose type the API's answer overrides, so it says them again.
ANALYZER = "who wrote the review: local, bedrock or openai"
SKILL_EVIDENCE = "for each skill, the resume line that shows it"
OCR = "set when the PDF was a scan read by OCR"


class ResumeAnalysis(StoredValue):
    ats_score: int
    score_breakdown: list[ScoreComponent]
    strengths: list[str]
    weaknesses: list[str]
    suggestions: list[str]
    skills: list[str]
    skills_by_category: dict[str, list[str]] = Field(default_factory=dict)
    skill_evidence: list[SkillEvidence] = Field(default_factory=list, description=SKILL_EVIDENCE)
    contact: Contact = Field(default_factory=Contact)
    sections: list[str] = Field(default_factory=list)
    experience: list[ExperienceItem] = Field(default_factory=list)
    education: list[EducationItem] = Field(default_factory=list)
    years_experience: float = 0.0
    keyword_gap: list[str] | None = None
    target: AnalysisTarget | None = None
    word_count: int | None = None
    page_count: int | None = None
    file_type: str | None = None
    layout: list[str] = Field(
        default_factory=list, description="layout features found (columns, tables, text boxes…)"
    )
    ocr: OcrInfo | None = Field(default=None, description=OCR)
    analyzer: str = Field(default="local", description=ANALYZER)
    analyzer_model: str | None = Field(
        default=None, description="the language model that wrote the review, when one did"
    )
    analyzer_version: str | None = None
    fallback_reason: str | None = Field(
        default=None, description="why a configured language model's review is not shown"
    )
