"""The review queue: emails that might change the tracker, waiting for the person's word."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel, RequestModel, errors
from core.tracker import review

router = APIRouter(prefix="/api/review", tags=["review"])

Category = Literal[
    "interview_invitation",
    "interview_scheduled",
    "interview_rescheduled",
    "interview_cancelled",
    "rejection",
    "assessment",
    "offer",
    "application_received",
    "other",
]
ItemStatus = Literal["pending", "accepted", "dismissed"]


class ReviewItemOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    review_id: str
    status: ItemStatus
    reason: str = Field(description="why it waits for the person")
    category: str | None = None
    confidence: float
    company: str | None = None
    role: str | None = None
    starts_at: str | None = None
    time_zone: str | None = None
    interview_id: str | None = Field(default=None, description="the interview it continues")
    subject: str
    sender: str
    received_at: str | None = None
    corrected: bool = False
    application_ids: list[str] = Field(default_factory=list)
    applied_interview_id: str | None = None
    created_at: str
    updated_at: str


class ReviewList(CamelModel):
    items: list[ReviewItemOut]


class CorrectionIn(RequestModel):
    category: Category | None = None
    company: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    role: str | None = Field(default=None, max_length=300)
    application_id: str | None = Field(default=None, max_length=64)


def _out(item: dict) -> ReviewItemOut:
    return ReviewItemOut.model_validate(item)


@router.get("", operation_id="listReviewItems")
def list_items(
    user: CurrentUser,
    services: ServicesDep,
    status: ItemStatus = Query(default="pending"),
) -> ReviewList:
    """Emails read from the inbox that wait for the person ("from email, needs review")."""
    items = review.list_items(services.store, user.user_id, status=status)
    return ReviewList(items=[_out(i) for i in items])


@router.post("/{review_id}/accept", operation_id="acceptReviewItem", responses=errors(404, 409))
def accept(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Apply the email as it was read."""
    return _out(review.accept(services.store, user.user_id, review_id))


@router.post(
    "/{review_id}/correct", operation_id="correctReviewItem", responses=errors(404, 409, 422)
)
def correct(
    review_id: str, body: CorrectionIn, user: CurrentUser, services: ServicesDep
) -> ReviewItemOut:
    """Apply the email as the person reads it: its category, company, role or application."""
    correction = review.Correction(
        category=body.category,
        company=body.company,
        role=body.role,
        application_id=body.application_id,
    )
    return _out(review.correct(services.store, user.user_id, review_id, correction))


@router.post("/{review_id}/dismiss", operation_id="dismissReviewItem", responses=errors(404, 409))
def dismiss(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Nothing to do with this email; it is not read again."""
    return _out(review.dismiss(services.store, user.user_id, review_id))


@router.post("/{review_id}/undo", operation_id="undoReviewItem", responses=errors(404, 409))
def undo(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Take back an accept (or a dismissal); the email waits in the queue again."""
    return _out(review.undo(services.store, user.user_id, review_id))
