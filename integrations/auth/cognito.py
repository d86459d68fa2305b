"""Cognito as the identity provider: the signed-in user's attributes, and erasing their sign-in.

Cognito's access tokens carry no email or name, so a new user's profile is filled from
`GetUser`, which accepts the token only when it holds the `aws.cognito.signin.user.admin` scope
(the SPA asks for it). A failure is reported, never turned into an empty profile.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from core.auth.identity import IdentityProvider
from core.errors import ServiceUnavailable, Unauthorized
from core.logs import get_logger
from core.settings import Settings
from integrations.aws import aws_client

log = get_logger(__name__)

# What GetUser answers for a user deleted from the pool, a revoked token, or a token without
# the scope that reads the profile.
_REFUSED = {"UserNotFoundException", "NotAuthorizedException"}


class CognitoIdentity(IdentityProvider):
    """Cognito's user pool, through one client for the life of the process."""

    def __init__(self, settings: Settings) -> None:
        self._pool_id = settings.cognito_user_pool_id
        self._client = aws_client(
            "cognito-idp",
            region=settings.cognito_issuer.split(".")[1],
            endpoint_url=settings.cognito_endpoint_url,
        )

    def profile(self, access_token: str) -> dict[str, str]:
        """From Cognito's GetUser. Raises `Unauthorized` when Cognito refuses the token and
        `ServiceUnavailable` when it cannot be asked, so that no profile is made without it."""
        try:
            response = self._client.get_user(AccessToken=access_token)
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

    def delete_sign_in(self, username: str) -> None:
        self._client.admin_delete_user(UserPoolId=self._pool_id, Username=username)

    def close(self) -> None:
        self._client.close()
