"""The applications API: what it accepts and what it answers."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, HttpUrl

from api.schemas.base import CamelModel, DateText, RequestModel, Timestamp, omissible
from core.applications import repository
from core.applications.repository import ApplicationStatus
from core.applications.service import MAX_CONTACTS, MAX_NOTES
from core.email.model import Category


class Contact(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=2000)


class ApplicationIn(RequestModel):
    company: str = Field(min_length=1, max_length=200, pattern=r"\S")
    title: str | None = Field(default=None, max_length=300)
    url: HttpUrl | None = None
    job_id: str | None = Field(default=None, max_length=200)
    status: ApplicationStatus = "saved"
    applied_at: DateText | None = Field(
        default=None, description="an ISO 8601 date or date-time; today when left out"
    )
    notes: str = Field(default="", max_length=MAX_NOTES)
    contacts: list[Contact] = Field(default_factory=list, max_length=MAX_CONTACTS)


class ApplicationPatch(RequestModel):
    """Fields to change; those left out stay as they are. Only title, url and jobId can be
    cleared (null): the others always have a value."""

    company: str = omissible(min_length=1, max_length=200, pattern=r"\S")
    title: str | None = Field(default=None, max_length=300)
    url: HttpUrl | None = None
    job_id: str | None = Field(default=None, max_length=200)
    status: ApplicationStatus = omissible()
    applied_at: DateText = omissible(description="an ISO 8601 date or date-time")
    notes: str = omissible(max_length=MAX_NOTES)
    contacts: list[Contact] = omissible(max_length=MAX_CONTACTS)


# The parts as the wire answers them: every field, null included. The stored parts leave their
# nulls out (a serializer a subclass would inherit), so these list their fields again.
class ApplicationContactOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    name: str
    email: str | None = None
    role: str | None = None
    phone: str | None = None
    notes: str | None = None


class Cause(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    type: Literal["user", "email"]
    message_id: str | None = None
    interview_id: str | None = None
    subject: str | None = None  # of the email
    sender: str | None = None
    received_at: Timestamp | None = None
    category: Category | None = None  # what the email was read as
    undo_of: str | None = None  # the entry the person undid


# Answers built from the stored application, which holds more than they show. The wire
# re-reads the stored timestamps as instants and nests its own parts.
_WIRE = ConfigDict(extra="ignore")


class HistoryEntry(repository.HistoryEntry):
    model_config = _WIRE

    entry_id: str | None = None  # type: ignore[assignment]
    at: Timestamp  # type: ignore[assignment]
    cause: Cause  # type: ignore[assignment]


class ApplicationOut(repository.ApplicationCard):
    model_config = _WIRE

    applied_at: Timestamp  # type: ignore[assignment]
    contacts: list[ApplicationContactOut] = Field(default_factory=list)  # type: ignore[assignment]
    history: list[HistoryEntry] = Field(default_factory=list)  # type: ignore[assignment]
    created_at: Timestamp  # type: ignore[assignment]
    updated_at: Timestamp  # type: ignore[assignment]

    @classmethod
    def of(cls, application: repository.Application) -> ApplicationOut:
        return cls.model_validate(application.to_item())


class ApplicationList(CamelModel):
    items: list[ApplicationOut]
