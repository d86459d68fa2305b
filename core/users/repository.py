"""The Users aggregate: the profile record and where it is stored."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from core.storage.port import Store
from core.storage.records import Record, Repository

USERS = "Users"

Remote = Literal["yes", "hybrid", "no", "any"]


class _Forgiving(Record):
    """Parts of a profile that an older version may have stored in another shape: a value of
    the wrong shape reads as its default, so one bad value cannot break the whole profile."""

    @model_validator(mode="wrap")
    @classmethod
    def _forgive(cls, data: Any, handler: Any) -> Any:
        if isinstance(data, BaseModel):
            return handler(data)
        if not isinstance(data, dict):
            data = {}
        try:
            return handler(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            return handler({k: v for k, v in data.items() if k not in bad})


class JobPreferences(_Forgiving):
    """What the person asks of a job; the ranking reads it."""

    remote: Remote | None = None
    locations: list[str] = Field(default_factory=list)
    min_salary: float | None = None
    currency: str | None = None
    seniority: str | None = None
    employment_types: list[str] = Field(default_factory=list)


class Onboarding(_Forgiving):
    step: int = 0
    completed: bool = False


class User(_Forgiving):
    table = USERS

    user_id: str
    email: str = ""
    name: str | None = None
    career_stage: str | None = None
    skills: list[str] = Field(default_factory=list)
    preferences: JobPreferences = Field(default_factory=JobPreferences)
    target_role: str | None = None
    location: str | None = None
    onboarding: Onboarding = Field(default_factory=Onboarding)
    # Access tokens issued before this instant (seconds since the epoch) are refused, but for
    # those of `kept_session`: a password reset or change ends the other sign-ins at once,
    # not only when their access tokens run out.
    sessions_ended_at: int | None = None
    kept_session: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0

    def accepts(self, issued_at: int | None, session: str | None) -> bool:
        """Whether an access token issued then, for that sign-in, may still be used."""
        if self.sessions_ended_at is None or issued_at is None:
            return True
        return issued_at >= self.sessions_ended_at or (
            session is not None and session == self.kept_session
        )


class ProfileChanges(Record):
    """The profile fields a person may change; only the fields set are applied."""

    name: str | None = None
    career_stage: str | None = None
    skills: list[str] | None = None
    preferences: JobPreferences | None = None
    target_role: str | None = None
    location: str | None = None
    onboarding: Onboarding | None = None


def users(store: Store) -> Repository[User]:
    return Repository(store, User)


def find_user(store: Store, user_id: str) -> User | None:
    return users(store).get({"userId": user_id})


def find_by_email(store: Store, email: str) -> User | None:
    found = users(store).query(email.strip().lower(), index="EmailIndex", limit=1)
    return found[0] if found else None
