"""The market report for a role and a place, as the API shows it (camelCase once serialised)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from core.values import Value

DemandLevel = Literal["low", "medium", "high", "very high"]


class Demand(Value):
    open_postings: int
    baseline: float
    ratio: float
    basis: str


class SalaryStats(Value):
    """Yearly pay in one currency (never converted), from the postings that state it."""

    currency: str
    period: str
    average: float
    p25: float
    median: float
    p75: float
    sample_size: int
    sufficient: bool
    other_currencies: dict[str, int] = Field(default_factory=dict)


class WeekCount(Value):
    week_start: date
    postings: int


class SkillTrend(Value):
    name: str
    recent_share: float
    prior_share: float
    change: float


class Trends(Value):
    weekly: list[WeekCount]
    window_start: date
    rising_skills: list[SkillTrend]
    falling_skills: list[SkillTrend]
    recent_postings: int
    prior_postings: int


class SkillCount(Value):
    name: str
    postings: int
    share: float


class CompanyCount(Value):
    name: str
    postings: int


class MarketReport(Value):
    role: str | None = None
    location: str | None = None
    open_postings: int
    sufficient: bool
    notes: list[str]
    demand_level: DemandLevel
    demand: Demand
    average_salary: float | None = None
    currency: str | None = None
    salary: SalaryStats | None = None
    trends: Trends
    top_skills: list[SkillCount]
    top_companies: list[CompanyCount]
    remote_share: float | None = None
    hybrid_share: float | None = None
    narrative: str | None = None
    generated_at: datetime  # UTC: answered as ISO 8601 with a Z
