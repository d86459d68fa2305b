from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel
from core.jobs import service
from core.jobs.rank import MAX_PAGE_SIZE, JobQuery

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


class _Out(CamelModel):
    model_config = ConfigDict(**{**CamelModel.model_config, "extra": "ignore"})


class SalaryOut(_Out):
    min: float | None = None
    max: float | None = None
    currency: str
    period: str = "year"


class BreakdownOut(_Out):
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
    remote: str
    employment_type: str
    seniority: str
    department: str | None = None
    salary: SalaryOut | None = None
    url: str | None = None
    posted_date: str
    source: str
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
    sort: str
    profile_complete: bool


class ListingOut(_Out):
    job_id: str
    source: str | None = None
    url: str | None = None


class JobDetailOut(JobSummaryOut):
    source_id: str
    description: str
    requirements: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    status: str
    first_seen_at: str | None = None
    updated_at: str | None = None
    closed_at: str | None = None
    missing_nice_to_have: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    also_listed_on: list[ListingOut] = Field(default_factory=list)


class ExplanationOut(_Out):
    summary: str
    strengths: list[str]
    gaps: list[str]
    advice: list[str]
    generated_by: str


class JobMatchOut(JobDetailOut):
    explanation: ExplanationOut


def _csv(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip().lower() for v in value.split(",") if v.strip())


@router.get("", operation_id="listJobs")
def list_jobs(
    user: CurrentUser,
    services: ServicesDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    location: Annotated[str | None, Query(max_length=200)] = None,
    remote: Annotated[str | None, Query(description="yes, hybrid, no (comma-separated)")] = None,
    min_salary: Annotated[float | None, Query(alias="minSalary", ge=0, le=1e9)] = None,
    currency: Annotated[str, Query(min_length=3, max_length=3)] = "USD",
    seniority: Annotated[str | None, Query(description="comma-separated levels")] = None,
    employment_type: Annotated[str | None, Query(alias="employmentType")] = None,
    sort: Annotated[str, Query(pattern="^(score|date)$")] = "score",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> JobsPageOut:
    """Open jobs with the caller's match scores, best match first (or newest first)."""
    query = JobQuery(
        q=q,
        location=location,
        remote=_csv(remote),
        min_salary=min_salary,
        currency=currency.upper(),
        seniority=_csv(seniority),
        employment_type=_csv(employment_type),
        sort=sort,
        page=page,
        page_size=page_size,
    )
    result: dict[str, Any] = service.list_jobs(services.store, services.redis, user.user_id, query)
    return JobsPageOut.model_validate(result)


@router.get("/{job_id}", operation_id="getJob")
def get_job(job_id: str, user: CurrentUser, services: ServicesDep) -> JobDetailOut:
    """One job with the caller's full score breakdown."""
    return JobDetailOut.model_validate(service.get_job(services.store, user.user_id, job_id))


@router.get("/{job_id}/match", operation_id="getJobMatch")
def get_job_match(job_id: str, user: CurrentUser, services: ServicesDep) -> JobMatchOut:
    """The breakdown with a written explanation (from the LLM when configured)."""
    return JobMatchOut.model_validate(
        service.match_job(services.store, services.llm, user.user_id, job_id)
    )
