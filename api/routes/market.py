from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import QueryText
from api.schemas.market import MarketIntelligenceOut
from core.market.service import get_market_intelligence

router = APIRouter(tags=["market"])


@router.get("/api/market-intelligence", operation_id="getMarketIntelligence")
def market_intelligence(
    user: CurrentUser,
    services: ServicesDep,
    role: Annotated[QueryText | None, Query(max_length=200)] = None,
    location: Annotated[QueryText | None, Query(max_length=200)] = None,
) -> MarketIntelligenceOut:
    """Demand, pay, trends and skills for a role and place, from ingested postings."""
    report = get_market_intelligence(services.store, services.llm, role=role, location=location)
    return MarketIntelligenceOut.model_validate(report, from_attributes=True)
