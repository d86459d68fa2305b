"""What the API answers about the job market."""

from __future__ import annotations

from core.market.report import MarketReport


class MarketIntelligenceOut(MarketReport):
    """Demand, pay, trends and skills for a role and a place, from ingested postings."""
