"""A posting as a source hands it over, before normalisation into a Job item."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, get_args

from core.jobs.money import Salary

# The closed sets a job's fields take their values from.
Remote = Literal["yes", "hybrid", "no"]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal", "executive"]
EmploymentType = Literal["full-time", "part-time", "contract", "internship", "temporary"]
REMOTE_VALUES: tuple[Remote, ...] = get_args(Remote)
SENIORITY_LEVELS: tuple[Seniority, ...] = get_args(Seniority)
EMPLOYMENT_TYPES: tuple[EmploymentType, ...] = get_args(EmploymentType)
Source = Literal["greenhouse", "lever", "ashby", "import", "demo"]
SOURCES: tuple[Source, ...] = get_args(Source)


def as_remote(value: str | None) -> Remote | None:
    return next((v for v in REMOTE_VALUES if v == value), None)


def as_seniority(value: str | None) -> Seniority | None:
    return next((v for v in SENIORITY_LEVELS if v == value), None)


@dataclass
class RawPosting:
    """Fields a connector or an import file could read; anything unknown stays None and is
    worked out from the text by normalisation."""

    source: Source
    source_id: str
    title: str
    company: str
    location: str | None = None
    description_html: str | None = None
    description_text: str | None = None
    requirements: list[str] | None = None
    nice_to_have: list[str] | None = None
    remote: str | None = None
    employment_type: str | None = None
    seniority: str | None = None
    salary: Salary | None = None
    salary_text: str | None = None
    url: str | None = None
    posted_date: str | None = None
    department: str | None = None
    country: str | None = None
    board: str | None = None
    demo: bool = False
    extra_locations: list[str] = field(default_factory=list)


def job_id(source: str, source_id: str) -> str:
    """The same posting from the same source always has the same id."""
    digest = hashlib.sha256(f"{source}\x1f{source_id}".encode()).hexdigest()
    return f"job_{digest[:24]}"
