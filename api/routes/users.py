from __future__ import annotations

import contextlib
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Response, status
from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import (
    FiniteNumber,
    Integer,
    RequestModel,
    errors,
    omissible,
)
from core.errors import InvalidInput
from core.gmail.repository import GmailAccounts
from core.users import service
from core.users.repository import JobPreferences, ProfileChanges, User
from core.users.repository import Onboarding as StoredOnboarding
from integrations.container import Services

router = APIRouter(prefix="/api/users", tags=["users"])


Remote = Literal["yes", "hybrid", "no", "any"]
Text = Annotated[str, Field(max_length=200)]


class Preferences(RequestModel):
    remote: Remote | None = None
    locations: list[Text] = Field(default_factory=list, max_length=20)
    min_salary: FiniteNumber | None = Field(default=None, ge=0, le=1e9)
    currency: str | None = Field(default=None, pattern="^[A-Za-z]{3}$")
    seniority: str | None = Field(default=None, max_length=50)
    employment_types: list[Annotated[str, Field(max_length=50)]] = Field(
        default_factory=list, max_length=10
    )


class Onboarding(RequestModel):
    step: Integer = Field(default=0, ge=0, le=20)
    completed: bool = False


# The answers are the core records with the wire's rules: a `User` has already read any bad
# stored value as its default, and attributes the web app does not show are left out.
_WIRE = ConfigDict(extra="ignore")


class PreferencesOut(JobPreferences):
    model_config = _WIRE


class OnboardingOut(StoredOnboarding):
    model_config = _WIRE


class ProfileOut(User):
    model_config = _WIRE

    email: str
    # Sign-in bookkeeping, not part of the profile.
    sessions_ended_at: SkipJsonSchema[int | None] = Field(default=None, exclude=True)
    kept_session: SkipJsonSchema[str | None] = Field(default=None, exclude=True)
    preferences: PreferencesOut = Field(default_factory=PreferencesOut)
    onboarding: OnboardingOut = Field(default_factory=OnboardingOut)


class ProfileIn(RequestModel):
    name: str = omissible(min_length=1, max_length=200)
    email: str = omissible(max_length=254)
    career_stage: str | None = Field(default=None, max_length=50)
    skills: list[Annotated[str, Field(max_length=100)]] = omissible(max_length=500)
    preferences: Preferences = omissible()
    target_role: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    onboarding: Onboarding = omissible()
    version: Integer | None = Field(
        default=None,
        ge=0,
        description="the version you read; a newer stored profile answers 409",
    )


@router.get("/me", operation_id="getMe")
def get_me(user: CurrentUser, services: ServicesDep) -> ProfileOut:
    return ProfileOut.model_validate(service.get_user(services.store, user.user_id).to_item())


@router.put("/me", operation_id="updateMe", responses=errors(409))
def update_me(body: ProfileIn, user: CurrentUser, services: ServicesDep) -> ProfileOut:
    changes = ProfileChanges.model_validate(
        body.model_dump(exclude_unset=True, exclude={"version", "email"})
    )
    if body.email is not None:
        current = service.get_user(services.store, user.user_id)
        if body.email.strip().lower() != current.email:
            raise InvalidInput(
                "the sign-in email cannot be changed here", details={"field": "email"}
            )
    if body.skills is not None:
        changes.skills = list(dict.fromkeys(s.strip() for s in body.skills if s.strip()))
    updated = service.update_profile(
        services.store, user.user_id, changes, expected_version=body.version
    )
    return ProfileOut.model_validate(updated.to_item())


@router.get("/me/export", operation_id="exportMyData")
def export_me(user: CurrentUser, services: ServicesDep) -> Response:
    """Everything stored about you, as one JSON download; files as time-limited links."""
    data = service.export_user_data(
        services.store,
        services.blobs,
        user.user_id,
        url_ttl_seconds=max(services.settings.download_url_ttl_seconds, 3600),
    )
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="career-agent-export.json"'},
    )


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, operation_id="deleteMe")
def delete_me(user: CurrentUser, services: ServicesDep) -> Response:
    """Erase your account: every item and file, in every store (and Gmail access revoked)."""
    revoke_gmail_access(services, user.user_id)
    service.erase_user_data(services.store, services.blobs, user.user_id)
    # Last: if anything above failed, the user can still sign in and ask again.
    services.identity.delete_sign_in(user.username or user.user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def revoke_gmail_access(services: Services, user_id: str) -> None:
    """Tell Google to forget our token before the account goes (best effort: erasure
    proceeds even when Google cannot be reached)."""
    settings = services.settings
    if not (settings.google_client_id and settings.google_client_secret):
        return
    if GmailAccounts(services.store).of(user_id) is None:
        return
    from core.gmail import accounts

    with contextlib.suppress(Exception):
        accounts.disconnect(services.store, services.cipher, services.gmail, user_id)
