"""The review queue's aggregate: one item per email waiting for (or given) the person's word,
and where it is stored."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.email.detect import Detection
from core.email.model import Category
from core.interviews.repository import Interview
from core.storage.port import Store
from core.storage.records import Record, Repository
from core.values import StoredValue

TABLE = "ReviewItems"
INDEX = "UserIdIndex"

ReviewStatus = Literal["pending", "accepted", "dismissed"]
PENDING: ReviewStatus = "pending"
ACCEPTED: ReviewStatus = "accepted"
DISMISSED: ReviewStatus = "dismissed"


class Effect(Record):
    """What applying an email did to an interview: `before` is the interview as it was (None
    when the email created it), so that the person's undo can put it back."""

    type: Literal["interview"] = "interview"
    interview_id: str
    before: Interview | None = None


class AsRead(StoredValue):
    """What was read in an email before the person corrected it, so that undo can put it back."""

    category: Category | None = None
    company: str | None = None
    role: str | None = None


class ReviewEntry(Record):
    """What the person is shown of a review item: the email, what was read in it, and what
    was done with it."""

    review_id: str
    status: ReviewStatus
    reason: str = Field(description="why it waits for the person")
    category: Category | None = None
    confidence: float = 0.0
    company: str | None = None
    role: str | None = None
    starts_at: str | None = None
    time_zone: str | None = None
    interview_id: str | None = Field(default=None, description="the interview it continues")
    subject: str = ""
    sender: str = ""
    received_at: str | None = None
    corrected: bool = False
    application_ids: list[str] = Field(default_factory=list)
    applied_interview_id: str | None = None
    created_at: str
    updated_at: str


class ReviewItem(ReviewEntry):
    table = TABLE

    user_id: str
    message_id: str
    thread_id: str | None = None
    detection: Detection  # as read, so that accepting it applies what the person saw
    bulk: bool = False
    effects: list[Effect] = Field(default_factory=list)
    as_read: AsRead | None = None  # set while a correction stands
    resolved_at: str | None = None
    version: int = 0


def review_items(store: Store) -> Repository[ReviewItem]:
    return Repository(store, ReviewItem)


def key(review_id: str) -> dict[str, str]:
    return {"reviewId": review_id}
