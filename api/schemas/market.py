"""What the API answers about the job market."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, PlainSerializer

from api.schemas.base import CamelModel
from core.market.report import DemandLevel

# Answered as computed: ISO 8601 in UTC with a Z, to the microsecond when it has them.
GeneratedAt = Annotated[
    datetime, PlainSerializer(lambda d: d.isoformat().replace("+00:00", "Z"), return_type=str)
]


class DemandOut(CamelModel):
    open_postings: int
    baseline: float
    ratio: float
    basis: str


class SalaryStatsOut(CamelModel):
    currency: str
    period: str
    average: float
    p25: float
    median: float
    p75: float
    sample_size: int
    sufficient: bool
    other_currencies: dict[str, int] = Field(default_factory=dict)


class WeekOut(CamelModel):
    week_start: date
    postings: int


class SkillTrendOut(CamelModel):
    name: str
    recent_share: float
    prior_share: float
    change: float


class TrendsOut(CamelModel):
    weekly: list[WeekOut]
    window_start: date
    rising_skills: list[SkillTrendOut]
    falling_skills: list[SkillTrendOut]
    recent_postings: int
    prior_postings: int


class SkillCountOut(CamelModel):
    name: str
    postings: int
    share: float


class CompanyCountOut(CamelModel):
    name: str
    postings: int


class MarketIntelligenceOut(CamelModel):
    role: str | None = None
    location: str | None = None
    open_postings: int
    sufficient: bool
    notes: list[str]
    demand_level: DemandLevel
    demand: DemandOut
    average_salary: float | None = None
    currency: str | None = None
    salary: SalaryStatsOut | None = None
    trends: TrendsOut
    top_skills: list[SkillCountOut]
    top_companies: list[CompanyCountOut]
    remote_share: float | None = None
    hybrid_share: float | None = None
    narrative: str | None = None
    generated_at: GeneratedAt
