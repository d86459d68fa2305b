"""The applications API: what it accepts and what it answers."""

from __future__ import annotations

from pydantic import ConfigDict, Field, HttpUrl

from api.schemas.base import CamelModel, DateText, RequestModel, Timestamp, omissible
from core.applications import repository
from core.applications.repository import ApplicationStatus
from core.applications.service import MAX_CONTACTS, MAX_NOTES


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


# Answers built from the stored application, which holds more than they show. The wire
# re-reads the stored timestamps as instants and nests its own parts, which answer every field,
# null included (the stored parts leave their nulls out).
_WIRE = ConfigDict(extra="ignore")


class ApplicationContactOut(repository.ContactFields):
    model_config = _WIRE


class Cause(repository.CauseFields):
    model_config = _WIRE

    received_at: Timestamp | None = None  # type: ignore[assignment]


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
