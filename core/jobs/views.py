"""What the jobs service answers: a page of jobs with the person's scores, one job with its
breakdown, a written explanation, an import report. camelCase names on the way out, as the
HTTP API and the command line show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, PlainSerializer

from core.clock import iso
from core.jobs.importer import RowError
from core.jobs.model import EmploymentType, Remote, Seniority, Source
from core.jobs.money import Period
from core.jobs.repository import Job, JobStatus
from core.values import Value

# A stored instant, written back as it is stored: UTC, to the millisecond, with a Z.
Instant = Annotated[datetime, PlainSerializer(iso, return_type=str)]

NO_PROFILE_REASON = "Add your skills and target role, or upload a resume, to see scores"


class View(Value):
    # What a service computes for its callers: a name it does not declare is dropped.
    model_config = ConfigDict(extra="ignore")

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(by_alias=True, mode="json")


class Breakdown(View):
    """Each part of a score, 0-100; None where the job or the person says nothing about it."""

    skills: int | None = None
    title: int | None = None
    text: int | None = None
    seniority: int | None = None
    experience: int | None = None
    location: int | None = None
    salary: int | None = None


class Pay(View):
    """Pay as the posting states it."""

    min: float | None = None
    max: float | None = None
    currency: str = Field(description="ISO 4217 code, such as USD")
    period: Period = "year"


class Match(View):
    """How one job fits one person."""

    score: int | None = None
    score_breakdown: Breakdown | None = None
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)
    missing_nice_to_have: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)

    @classmethod
    def unscored(cls) -> Match:
        return cls(reasons=[NO_PROFILE_REASON])


class JobSummary(View):
    """A job as a list page shows it, with the person's score when they have a profile."""

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
    salary: Pay | None = None
    url: str | None = None
    posted_date: Instant
    source: Source
    demo: bool = False
    skills: list[str] = Field(default_factory=list)
    score: int | None = None
    score_breakdown: Breakdown | None = None
    matched_skills: list[str] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)


class JobsPage(View):
    items: tuple[JobSummary, ...]
    total: int
    page: int
    page_size: int
    sort: Literal["score", "date"]
    profile_complete: bool


class Listing(View):
    """The same posting on another board."""

    job_id: str
    source: Source | None = None
    url: str | None = None


class JobDetail(JobSummary):
    source_id: str
    description: str
    requirements: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    status: JobStatus
    first_seen_at: Instant | None = None
    updated_at: Instant | None = None
    closed_at: Instant | None = None
    missing_nice_to_have: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    also_listed_on: tuple[Listing, ...] = Field(default_factory=tuple)

    @classmethod
    def of(cls, job: Job, match: Match, also_listed_on: tuple[Listing, ...]) -> JobDetail:
        fields = job.model_dump(include=set(cls.model_fields))
        fields.update(match.model_dump())
        fields["also_listed_on"] = also_listed_on
        return cls.model_validate(fields)


class Explanation(View):
    summary: str
    strengths: list[str]
    gaps: list[str]
    advice: list[str]
    generated_by: Literal["llm", "rules"]


class JobMatch(JobDetail):
    explanation: Explanation


@dataclass(frozen=True)
class PublishedIndex:
    generation: int
    jobs: int
    bytes: int

    def to_dict(self) -> dict[str, int]:
        return {"generation": self.generation, "jobs": self.jobs, "bytes": self.bytes}


class ImportReport(View):
    """What an import file gave: good rows are stored, bad ones reported by line."""

    rows: int
    imported: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[RowError]
