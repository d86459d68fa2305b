"""What the API answers about jobs: pages of jobs with the caller's scores, one job with its
breakdown, and a written explanation of the match."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from api.schemas.base import CamelModel, Timestamp
from core.jobs.model import EmploymentType, Remote, Seniority, Source
from core.jobs.repository import JobStatus

SalaryPeriod = Literal["year", "month", "week", "day", "hour"]


class _Out(CamelModel):
    """Built from the jobs service's answers, read by attribute."""

    model_config = ConfigDict(**{**CamelModel.model_config, "from_attributes": True})


class SalaryOut(_Out):
    min: float | None = None
    max: float | None = None
    currency: str = Field(description="ISO 4217 code, such as USD")
    period: SalaryPeriod = "year"


class BreakdownOut(_Out):
    """Each part of the score, 0-100; null where the job or the person says nothing about it."""

    skills: int | None = None
    title: int | None = None
    text: int | None = None
    seniority: int | None = None
    experience: int | None = None
    location: int | None = None
    salary: int | None = None


class JobSummaryOut(_Out):
    job_id: str
    title: str
    company: str
    location: str | None = None
    city: str | None = None
    country: str | None = None
    remote: Remote
    employment_type: EmploymentType
    seniority: Seniority
    department: str | None = None
    salary: SalaryOut | None = None
    url: str | None = None
    posted_date: Timestamp
    source: Source
    demo: bool = False
    skills: list[str] = Field(default_factory=list)
    score: int | None = None
    score_breakdown: BreakdownOut | None = None
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)


class JobsPageOut(_Out):
    items: list[JobSummaryOut]
    total: int
    page: int
    page_size: int
    sort: Literal["score", "date"]
    profile_complete: bool


class ListingOut(_Out):
    job_id: str
    source: Source | None = None
    url: str | None = None


class JobDetailOut(JobSummaryOut):
    source_id: str
    description: str
    requirements: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    status: JobStatus
    first_seen_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    closed_at: Timestamp | None = None
    missing_nice_to_have: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    also_listed_on: list[ListingOut] = Field(default_factory=list)


class ExplanationOut(_Out):
    summary: str
    strengths: list[str]
    gaps: list[str]
    advice: list[str]
    generated_by: Literal["llm", "rules"]


class JobMatchOut(JobDetailOut):
    explanation: ExplanationOut
