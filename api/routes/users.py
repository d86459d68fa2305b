from __future__ import annotations

import contextlib
import json
from typing import Any

from fastapi import APIRouter, Response, status
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel
from core.errors import InvalidInput
from core.users import service
from integrations.auth.cognito_profile import delete_cognito_user
from integrations.container import Services

router = APIRouter(prefix="/api/users", tags=["users"])


class Preferences(CamelModel):
    model_config = CamelModel.model_config | {"extra": "allow"}
    remote: str | None = Field(default=None, description="yes | hybrid | no | any")
    locations: list[str] = Field(default_factory=list)
    min_salary: float | None = None
    currency: str | None = None
    seniority: str | None = None
    employment_types: list[str] = Field(default_factory=list)


class ProfileOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    user_id: str
    email: str
    name: str | None = None
    career_stage: str | None = None
    skills: list[str] = Field(default_factory=list)
    preferences: dict[str, Any] = Field(default_factory=dict)
    target_role: str | None = None
    location: str | None = None
    onboarding: dict[str, Any] = Field(default_factory=dict)
    version: int = 0
    created_at: str | None = None
    updated_at: str | None = None


class ProfileIn(CamelModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = None
    career_stage: str | None = Field(default=None, max_length=50)
    skills: list[str] | None = Field(default=None, max_length=500)
    preferences: Preferences | None = None
    target_role: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    onboarding: dict[str, Any] | None = None
    version: int | None = Field(
        default=None, description="the version you read; a newer stored profile answers 409"
    )


@router.get("/me", operation_id="getMe")
def get_me(user: CurrentUser, services: ServicesDep) -> ProfileOut:
    return ProfileOut.model_validate(service.get_user(services.store, user.user_id))


@router.put("/me", operation_id="updateMe")
def update_me(body: ProfileIn, user: CurrentUser, services: ServicesDep) -> ProfileOut:
    changes = body.model_dump(exclude_unset=True, exclude={"version", "email"}, by_alias=True)
    if body.email is not None:
        current = service.get_user(services.store, user.user_id)
        if body.email.strip().lower() != current["email"]:
            raise InvalidInput(
                "the sign-in email cannot be changed here", details={"field": "email"}
            )
    if body.skills is not None:
        changes["skills"] = list(dict.fromkeys(s.strip() for s in body.skills if s.strip()))
    updated = service.update_profile(
        services.store, user.user_id, changes, expected_version=body.version
    )
    return ProfileOut.model_validate(updated)


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
    if services.settings.is_cognito:
        # Last: if anything above failed, the user can still sign in and ask again.
        delete_cognito_user(services.settings, user.username or user.user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def revoke_gmail_access(services: Services, user_id: str) -> None:
    """Tell Google to forget our token before the account goes (best effort: erasure
    proceeds even when Google cannot be reached)."""
    settings = services.settings
    if not (settings.google_client_id and settings.google_client_secret):
        return
    if services.store.get("GmailAccounts", {"userId": user_id}) is None:
        return
    from core.crypto.tokens import cipher_from_settings
    from core.gmail import accounts
    from integrations.gmail import build_gmail_gateway

    with contextlib.suppress(Exception):
        accounts.disconnect(
            services.store,
            cipher_from_settings(settings),
            build_gmail_gateway(settings),
            user_id,
        )
