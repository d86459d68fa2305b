from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import QueryText
from api.schemas.jobs import JobDetailOut, JobMatchOut, JobsPageOut
from core.jobs import service
from core.jobs.rank import MAX_PAGE_SIZE, JobQuery

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


def _csv(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip().lower() for v in value.split(",") if v.strip())


@router.get("", operation_id="listJobs")
def list_jobs(
    user: CurrentUser,
    services: ServicesDep,
    q: Annotated[QueryText | None, Query(max_length=200)] = None,
    location: Annotated[QueryText | None, Query(max_length=200)] = None,
    remote: Annotated[
        QueryText | None, Query(description="yes, hybrid, no (comma-separated)")
    ] = None,
    min_salary: Annotated[
        float | None, Query(alias="minSalary", ge=0, le=1e9, allow_inf_nan=False)
    ] = None,
    currency: Annotated[QueryText, Query(min_length=3, max_length=3)] = "USD",
    seniority: Annotated[QueryText | None, Query(description="comma-separated levels")] = None,
    employment_type: Annotated[QueryText | None, Query(alias="employmentType")] = None,
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
    result = service.list_jobs(services.store, services.redis, user.user_id, query)
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
