from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel
from core.market.service import get_market_intelligence

router = APIRouter(tags=["market"])


class _Out(CamelModel):
    model_config = ConfigDict(**{**CamelModel.model_config, "extra": "ignore"})


class DemandOut(_Out):
    open_postings: int
    baseline: float
    ratio: float
    basis: str


class SalaryStatsOut(_Out):
    currency: str
    period: str
    average: float
    p25: float
    median: float
    p75: float
    sample_size: int
    sufficient: bool
    other_currencies: dict[str, int] = Field(default_factory=dict)


class WeekOut(_Out):
    week_start: str
    postings: int


class SkillTrendOut(_Out):
    name: str
    recent_share: float
    prior_share: float
    change: float


class TrendsOut(_Out):
    weekly: list[WeekOut]
    window_start: str
    rising_skills: list[SkillTrendOut]
    falling_skills: list[SkillTrendOut]
    recent_postings: int
    prior_postings: int


class SkillCountOut(_Out):
    name: str
    postings: int
    share: float


class CompanyCountOut(_Out):
    name: str
    postings: int


class MarketIntelligenceOut(_Out):
    role: str | None = None
    location: str | None = None
    open_postings: int
    sufficient: bool
    notes: list[str]
    demand_level: str
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
    generated_at: str


@router.get("/api/market-intelligence", operation_id="getMarketIntelligence")
def market_intelligence(
    user: CurrentUser,
    services: ServicesDep,
    role: Annotated[str | None, Query(max_length=200)] = None,
    location: Annotated[str | None, Query(max_length=200)] = None,
) -> MarketIntelligenceOut:
    """Demand, pay, trends and skills for a role and place, from ingested postings."""
    report: dict[str, Any] = get_market_intelligence(
        services.store, services.llm, role=role, location=location
    )
    return MarketIntelligenceOut.model_validate(report)
