"""Cognito access tokens carry no email claim: on a user's first request, ask Cognito."""

from __future__ import annotations

from typing import Any

import boto3

from core.settings import Settings


def cognito_user_attributes(settings: Settings, access_token: str) -> dict[str, str]:
    """The signed-in user's attributes (email, name…) from Cognito's GetUser, or {} on failure."""
    client: Any = boto3.client(
        "cognito-idp",
        region_name=settings.cognito_issuer.split(".")[1],
        endpoint_url=settings.cognito_endpoint_url,
    )
    try:
        response = client.get_user(AccessToken=access_token)
    except Exception:
        return {}
    return {a["Name"]: a["Value"] for a in response.get("UserAttributes", [])}
