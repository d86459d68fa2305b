"""The Applications aggregate: the application record, its history, and where it is stored."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import AliasChoices, Field, SerializerFunctionWrapHandler, model_serializer

from core.email.model import Category
from core.storage.port import Store
from core.storage.records import Record, Repository

TABLE = "Applications"
INDEX = "UserIdIndex"

ApplicationStatus = Literal[
    "saved", "applied", "interviewing", "offer", "rejected", "withdrawn", "ghosted"
]
STATUSES: tuple[ApplicationStatus, ...] = get_args(ApplicationStatus)


class CompactPart(Record):
    """A value nested in a record, stored without its empty optional values: most of them are
    unset, and these parts repeat in every history entry."""

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return {k: v for k, v in handler(self).items() if v is not None}


class CauseFields(Record):
    """What made a change: the person (`type="user"`), or an email named so that the person can
    recognise it."""

    type: Literal["user", "email"]
    message_id: str | None = None
    interview_id: str | None = None
    subject: str | None = None
    sender: str | None = None
    received_at: str | None = None
    category: Category | None = None  # what the email was read as
    undo_of: str | None = None  # the entry the person undid


class Cause(CompactPart, CauseFields):
    """A cause as stored: without its empty fields."""


class HistoryEntry(Record):
    entry_id: str
    at: str
    # `from` is a keyword: the attribute is `from_`, the stored name "from".
    from_: ApplicationStatus | None = Field(
        default=None,
        validation_alias=AliasChoices("from", "from_"),
        serialization_alias="from",
    )
    to: ApplicationStatus
    cause: Cause
    undone: bool = False


class ContactFields(Record):
    name: str
    email: str | None = None
    role: str | None = None
    phone: str | None = None
    notes: str | None = None


class Contact(CompactPart, ContactFields):
    """A contact as stored: without its empty fields."""


class ApplicationCard(Record):
    """What the person sees of an application (and what the API answers)."""

    application_id: str
    job_id: str | None = None
    company: str
    title: str | None = None
    url: str | None = None
    status: ApplicationStatus
    # The index sorts by appliedAt, so every row has one: until the person applies it is the
    # day the job was saved.
    applied_at: str
    notes: str = ""
    contacts: list[Contact] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    created_at: str
    updated_at: str


class Application(ApplicationCard):
    """The stored application: its card, whose it is, and bookkeeping."""

    table = TABLE

    user_id: str
    company_key: str | None = None
    version: int = 0


def applications(store: Store) -> Repository[Application]:
    return Repository(store, Application)
