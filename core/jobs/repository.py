"""A stored job: the record of the Jobs table, its nested parts, and the repository over it.

A Job is written by ingestion (from a normalised posting) and read back one at a time (the job
page, re-ingestion, closing). The index that ranks every open job reads the table's items
directly instead (see `core.jobs.index.build_index`): at a hundred thousand jobs, building a
record per item would cost more than the index itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field

from core.jobs.model import EmploymentType, Remote, Seniority, Source
from core.jobs.money import Salary
from core.storage.port import Store
from core.storage.records import Record, Repository
from core.values import StoredValue

JobStatus = Literal["open", "closed"]


class JobSalary(StoredValue):
    """Pay as the posting states it. Whole amounts stay integers, so that stored items (and
    their content hashes) are the same whichever way they were written."""

    min: int | float | None = None
    max: int | float | None = None
    currency: str
    period: str = "year"

    @classmethod
    def of(cls, salary: Salary) -> JobSalary:
        return cls.model_validate(salary.to_item())


def _no_pay() -> list[int | None]:
    return [None, None]


class JobFeatures(StoredValue):
    """What ranking needs of a job, computed once at ingestion (see `core.jobs.features`)."""

    v: int
    title_tokens: list[str] = Field(default_factory=list)
    level: int = 2
    years_min: float | None = None
    required: list[str] = Field(default_factory=list)
    nice: list[str] = Field(default_factory=list)
    terms: dict[str, float] = Field(default_factory=dict)
    city: str = ""
    country: str | None = None
    salary_usd: list[int | None] = Field(default_factory=_no_pay)


class Job(Record):
    table = "Jobs"

    job_id: str
    source: Source
    source_id: str
    board: str | None = None
    title: str
    company: str
    location: str | None = None
    city: str | None = None
    country: str | None = None
    remote: Remote = "no"
    employment_type: EmploymentType = "full-time"
    seniority: Seniority = "mid"
    department: str | None = None
    description: str = ""
    requirements: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    salary: JobSalary | None = None
    url: str | None = None
    posted_date: str
    status: JobStatus = "open"
    demo: bool = False
    dedup_key: str | None = None
    features: JobFeatures | None = None
    content_hash: str | None = None
    first_seen_at: str | None = None
    last_seen_at: str | None = None
    updated_at: str | None = None
    closed_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class JobRepository(Repository[Job]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, Job)

    def find(self, job_id: str) -> Job | None:
        return self.get({"jobId": job_id})

    def put_many(self, jobs: Iterable[Job]) -> None:
        """Whole jobs in batches (ingestion rewrites a job whenever its posting changed)."""
        items = [job.to_item() for job in jobs]
        if items:
            self.store.put_many(self.table, items)

    def listed_with(self, dedup_key: str, *, limit: int = 20) -> list[Job]:
        """Jobs that are the same posting on other boards (same company, title and place)."""
        return self.query(dedup_key, index="DedupIndex", limit=limit)
