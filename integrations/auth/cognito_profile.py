"""The signed-in user as Cognito knows them: their attributes, and erasing their sign-in.

Cognito's access tokens carry no email or name, so a new user's profile is filled from
`GetUser`, which accepts the token only when it holds the `aws.cognito.signin.user.admin` scope
(the SPA asks for it). A failure is reported, never turned into an empty profile.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from core.errors import ServiceUnavailable, Unauthorized
from core.logs import get_logger
from core.settings import Settings
from integrations.aws import aws_client

log = get_logger(__name__)

# What GetUser answers for a user deleted from the pool, a revoked token, or a token without
# the scope that reads the profile.
_REFUSED = {"UserNotFoundException", "NotAuthorizedException"}


def _client(settings: Settings) -> Any:
    return aws_client(
        "cognito-idp",
        region=settings.cognito_issuer.split(".")[1],
        endpoint_url=settings.cognito_endpoint_url,
    )


def cognito_user_attributes(settings: Settings, access_token: str) -> dict[str, str]:
    """The signed-in user's attributes (email, name…) from Cognito's GetUser. Raises
    `Unauthorized` when Cognito refuses the token and `ServiceUnavailable` when it cannot be
    asked, so that no profile is made without them."""
    try:
        response = _client(settings).get_user(AccessToken=access_token)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        log.warning("cognito_get_user_failed", code=code, message=error.get("Message"))
        if code in _REFUSED:
            raise Unauthorized(
                "this account no longer exists, or this sign-in cannot read it; sign in again",
                code="account_deleted",
            ) from None
        raise ServiceUnavailable("Cognito could not read your profile; try again") from None
    except BotoCoreError as exc:
        log.warning("cognito_get_user_failed", error=str(exc))
        raise ServiceUnavailable("Cognito could not be reached; try again") from None
    return {a["Name"]: a["Value"] for a in response.get("UserAttributes", [])}


def delete_cognito_user(settings: Settings, username: str) -> None:
    """Erase the sign-in itself from the user pool."""
    _client(settings).admin_delete_user(UserPoolId=settings.cognito_user_pool_id, Username=username)
