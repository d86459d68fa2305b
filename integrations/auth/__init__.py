"""Where the token verifier gets its keys: the local issuer's key, or Cognito's JWKS URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from core.auth.verify import JwksSource
from core.settings import Settings

if TYPE_CHECKING:
    from integrations.container import Services


def cognito_jwks_url(settings: Settings) -> str:
    base = settings.cognito_endpoint_url or settings.cognito_issuer.rsplit("/", 1)[0]
    return f"{base.rstrip('/')}/{settings.cognito_user_pool_id}/.well-known/jwks.json"


def build_jwks_source(settings: Settings, services: Services) -> JwksSource:
    if settings.is_cognito:
        url = cognito_jwks_url(settings)

        def fetch() -> dict[str, Any]:
            response = httpx.get(url, timeout=5.0)
            response.raise_for_status()
            document: dict[str, Any] = response.json()
            return document

        return fetch

    # The local issuer's keys are the ones it signs with; reading them needs no HTTP round trip
    # to ourselves (the same document is served at /.well-known/jwks.json).
    return lambda: services.issuer.key.jwks()
