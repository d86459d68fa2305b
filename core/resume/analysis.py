"""The analysis of one resume: what the local analyser computes, the LLM may rewrite, a
resume version stores, and the API and the command line show (camelCase, in this order)."""

from __future__ import annotations

from pydantic import Field

from core.resume.extract_base import OcrInfo
from core.resume.parse import Contact
from core.values import StoredValue


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
    evidence: str  # the line of the resume that shows the skill
    section: str | None = None


class AnalysisTarget(StoredValue):
    label: str
    job_id: str | None = None
    keywords: list[str] = Field(default_factory=list)


class ResumeAnalysis(StoredValue):
    ats_score: int
    score_breakdown: list[ScoreComponent]
    strengths: list[str]
    weaknesses: list[str]
    suggestions: list[str]
    skills: list[str]
    skills_by_category: dict[str, list[str]] = Field(default_factory=dict)
    skill_evidence: list[SkillEvidence] = Field(default_factory=list)
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
    layout: list[str] = Field(default_factory=list)
    ocr: OcrInfo | None = None
    analyzer: str = "local"  # who wrote the review: local, bedrock or openai
    analyzer_model: str | None = None
    analyzer_version: str | None = None
    fallback_reason: str | None = None  # why a configured model's review is not shown
