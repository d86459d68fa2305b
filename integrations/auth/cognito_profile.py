"""The signed-in user as Cognito knows them: their attributes, and erasing their sign-in."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError

from core.settings import Settings


def _client(settings: Settings) -> Any:
    return boto3.client(
        "cognito-idp",
        region_name=settings.cognito_issuer.split(".")[1],
        endpoint_url=settings.cognito_endpoint_url,
    )


# What GetUser answers for a user deleted from the pool (or whose tokens were revoked).
_GONE = {"UserNotFoundException", "NotAuthorizedException"}


def cognito_user_attributes(settings: Settings, access_token: str) -> dict[str, str] | None:
    """The signed-in user's attributes (email, name…) from Cognito's GetUser: None when Cognito
    says the user is gone, {} when it cannot be asked."""
    client = _client(settings)
    try:
        response = client.get_user(AccessToken=access_token)
    except ClientError as exc:
        return None if exc.response.get("Error", {}).get("Code") in _GONE else {}
    except Exception:
        return {}
    return {a["Name"]: a["Value"] for a in response.get("UserAttributes", [])}


def delete_cognito_user(settings: Settings, username: str) -> None:
    """Erase the sign-in itself from the user pool."""
    _client(settings).admin_delete_user(UserPoolId=settings.cognito_user_pool_id, Username=username)
