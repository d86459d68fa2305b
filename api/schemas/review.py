"""The review queue API: what it accepts and what it answers."""

from __future__ import annotations

from pydantic import Field

from api.schemas.base import CamelModel, LocalTime, RequestModel, Timestamp
from core.email.model import Category
from core.tracker.repository import ReviewItem, ReviewStatus


class ReviewItemOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    review_id: str
    status: ReviewStatus
    reason: str = Field(description="why it waits for the person")
    category: Category | None = None
    confidence: float
    company: str | None = None
    role: str | None = None
    starts_at: LocalTime | None = None
    time_zone: str | None = None
    interview_id: str | None = Field(default=None, description="the interview it continues")
    subject: str
    sender: str
    received_at: Timestamp | None = None
    corrected: bool = False
    application_ids: list[str] = Field(default_factory=list)
    applied_interview_id: str | None = None
    created_at: Timestamp
    updated_at: Timestamp

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
