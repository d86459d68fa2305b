"""Typed dependencies every route uses: who is calling, and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import structlog
from fastapi import Depends, Request

from core.auth.identity import Caller
from core.errors import Unauthorized
from core.ratelimit import check_rate
from core.settings import Settings
from core.users.repository import find_user
from core.users.service import ensure_user
from integrations.container import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_app_settings(services: ServicesDep) -> Settings:
    return services.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


@dataclass(frozen=True)
class AuthUser:
    user_id: str
    email: str | None
    # Cognito's own name for the user (the `username` claim), needed to erase the sign-in.
    username: str | None = None
    # The sign-in the token descends from, and the token itself (Cognito's password change
    # takes it); neither is ever printed.
    session: str | None = None
    access_token: str = field(default="", repr=False)

    def caller(self) -> Caller:
        return Caller(self.user_id, self.email, self.session, self.access_token)


def current_user(request: Request, services: ServicesDep) -> AuthUser:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("sign in first: no bearer token", code="missing_token")
    claims = services.verifier.verify(token.strip())
    structlog.contextvars.bind_contextvars(user_id=claims.sub)
    # A token outlives an erased account by up to its lifetime: without this check it could
    # still write, leaving rows that belong to no one.
    user = find_user(services.store, claims.sub)
    if user is not None and not user.accepts(claims.issued_at, claims.session):
        raise Unauthorized(
            "this sign-in ended when the password was changed; sign in again",
            code="session_ended",
        )
    if user is None:
        if not services.settings.is_cognito:
            raise Unauthorized("this account no longer exists", code="account_deleted")
        # Cognito users sign up at Cognito: their profile is created when first seen, with the
        # email that Cognito holds (its access tokens do not carry one). A user Cognito no
        # longer knows is refused there, so an erased account is not re-created.
        attributes = services.identity.profile(token.strip())
        ensure_user(
            services.store,
            user_id=claims.sub,
            email=claims.email or attributes.get("email"),
            name=attributes.get("name"),
        )
    check_rate(services.redis, claims.sub, limit=services.settings.rate_limit_per_minute)
    return AuthUser(
        user_id=claims.sub,
        email=claims.email,
        username=claims.username,
        session=claims.session,
        access_token=token.strip(),
    )


CurrentUser = Annotated[AuthUser, Depends(current_user)]


def client_address(request: Request) -> str:
    """The caller's address as the server saw it (behind a proxy, as the proxy reported it)."""
    return request.client.host if request.client else "unknown"
