"""The review queue API: what it accepts and what it answers."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.schemas.base import CamelModel, LocalTime, RequestModel, Timestamp
from core.email.model import Category
from core.tracker.repository import ReviewEntry, ReviewItem


class ReviewItemOut(ReviewEntry):
    # Read from the item: what the person is not shown (the detection, the effects to undo)
    # is left out.
    model_config = ConfigDict(extra="ignore")

    # Always answered.
    confidence: float
    subject: str
    sender: str
    # Times as instants and in the interview's own zone.
    starts_at: LocalTime | None = None  # type: ignore[assignment]
    received_at: Timestamp | None = None  # type: ignore[assignment]
    created_at: Timestamp  # type: ignore[assignment]
    updated_at: Timestamp  # type: ignore[assignment]

    @classmethod
    def of(cls, item: ReviewItem) -> ReviewItemOut:
        return cls.model_validate(item.to_item())


class ReviewList(CamelModel):
    items: list[ReviewItemOut]


class CorrectionIn(RequestModel):
    category: Category | None = None
    company: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    role: str | None = Field(default=None, max_length=300)
    application_id: str | None = Field(default=None, max_length=64)
