"""The review queue: emails that might change the tracker, waiting for the person's word."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import errors
from api.schemas.review import CorrectionIn, ReviewItemOut, ReviewList
from core.tracker import review
from core.tracker.repository import ReviewStatus

router = APIRouter(prefix="/api/review", tags=["review"])


@router.get("", operation_id="listReviewItems")
def list_items(
    user: CurrentUser,
    services: ServicesDep,
    status: ReviewStatus = Query(default="pending"),
) -> ReviewList:
    """Emails read from the inbox that wait for the person ("from email, needs review")."""
    items = review.list_items(services.store, user.user_id, status=status)
    return ReviewList(items=[ReviewItemOut.of(i) for i in items])


@router.post("/{review_id}/accept", operation_id="acceptReviewItem", responses=errors(404, 409))
def accept(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Apply the email as it was read."""
    return ReviewItemOut.of(review.accept(services.store, user.user_id, review_id))


@router.post(
    "/{review_id}/correct", operation_id="correctReviewItem", responses=errors(404, 409, 422)
)
def correct(
    review_id: str, body: CorrectionIn, user: CurrentUser, services: ServicesDep
) -> ReviewItemOut:
    """Apply the email as the person reads it: its category, company, role or application."""
    correction = review.Correction(**body.model_dump())
    return ReviewItemOut.of(review.correct(services.store, user.user_id, review_id, correction))


@router.post("/{review_id}/dismiss", operation_id="dismissReviewItem", responses=errors(404, 409))
def dismiss(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Nothing to do with this email; it is not read again."""
    return ReviewItemOut.of(review.dismiss(services.store, user.user_id, review_id))


@router.post("/{review_id}/undo", operation_id="undoReviewItem", responses=errors(404, 409))
def undo(review_id: str, user: CurrentUser, services: ServicesDep) -> ReviewItemOut:
    """Take back an accept (or a dismissal); the email waits in the queue again."""
    return ReviewItemOut.of(review.undo(services.store, user.user_id, review_id))
