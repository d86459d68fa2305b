"""Cognito as the identity provider: the signed-in user's attributes, erasing their sign-in,
and forgotten or changed passwords.

Cognito's access tokens carry no email or name, so a new user's profile is filled from
`GetUser`, which accepts the token only when it holds the `aws.cognito.signin.user.admin` scope
(the SPA asks for it). A failure is reported, never turned into an empty profile.

Cognito sends the reset codes, counts their attempts and lets them expire. It does not end the
user's other sessions when the password changes, so a reset signs the user out everywhere
(`AdminUserGlobalSignOut`), and a change does the same with the caller's token
(`GlobalSignOut`): Cognito cannot keep one session and revoke the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from botocore.exceptions import BotoCoreError, ClientError

from core.auth.identity import Caller, IdentityProvider
from core.auth.password import WrongPassword
from core.errors import DomainError, InvalidInput, ServiceUnavailable, TooManyRequests, Unauthorized
from core.logs import get_logger
from core.settings import Settings
from integrations.aws import aws_client

log = get_logger(__name__)

# What GetUser answers for a user deleted from the pool, a revoked token, or a token without
# the scope that reads the profile.
_REFUSED = {"UserNotFoundException", "NotAuthorizedException"}
# What ForgotPassword answers for an address it will send nothing to (unknown, unverified, or
# not allowed to recover by email), when the pool does not hide that itself.
_NO_RESET = {"UserNotFoundException", "InvalidParameterException", "NotAuthorizedException"}
# What ConfirmForgotPassword answers for a code that will not do; all alike to the caller.
_BAD_CODE = {
    "CodeMismatchException",
    "ExpiredCodeException",
    "UserNotFoundException",
    "NotAuthorizedException",
}
_TOO_MANY = {"LimitExceededException", "TooManyFailedAttemptsException", "TooManyRequestsException"}


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _refusal(exc: ClientError, failed: str) -> DomainError:
    """What the caller is told for a refusal no other rule explains."""
    code = _error_code(exc)
    if code in _TOO_MANY:
        return TooManyRequests("too many attempts; try again in a few minutes", retry_after=900)
    if code == "InvalidPasswordException":
        return InvalidInput(
            "the new password does not meet the password rules",
            code="weak_password",
            details={"field": "newPassword"},
        )
    return ServiceUnavailable(f"Cognito could not {failed}; try again")


class CognitoIdentity(IdentityProvider):
    """Cognito's user pool, through one client for the life of the process."""

    def __init__(self, settings: Settings) -> None:
        self._pool_id = settings.cognito_user_pool_id
        self._client_id = settings.cognito_client_id
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

    def send_reset_code(self, email: str) -> None:
        try:
            self._client.forgot_password(ClientId=self._client_id, Username=email)
        except ClientError as exc:
            code = _error_code(exc)
            log.info("cognito_forgot_password_refused", code=code)
            if code in _NO_RESET:
                return  # said nowhere: the caller must not learn that the address is unknown
            raise _refusal(exc, "send a reset code") from None
        except BotoCoreError as exc:
            log.warning("cognito_forgot_password_failed", error=str(exc))
            raise ServiceUnavailable("Cognito could not be reached; try again") from None

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        try:
            self._client.confirm_forgot_password(
                ClientId=self._client_id,
                Username=email,
                ConfirmationCode=code.strip(),
                Password=new_password,
            )
        except ClientError as exc:
            error = _error_code(exc)
            log.info("cognito_confirm_forgot_password_refused", code=error)
            if error in _BAD_CODE:
                raise InvalidInput("invalid or expired code", code="invalid_code") from None
            raise _refusal(exc, "reset the password") from None
        except BotoCoreError as exc:
            log.warning("cognito_confirm_forgot_password_failed", error=str(exc))
            raise ServiceUnavailable("Cognito could not be reached; try again") from None
        self._sign_out_everywhere(
            lambda: self._client.admin_user_global_sign_out(
                UserPoolId=self._pool_id, Username=email
            )
        )

    def kept_session(self, caller: Caller) -> str | None:
        # Cognito's global sign-out cannot spare one session: the caller's ends too.
        return None

    def change_password(self, caller: Caller, current: str, new_password: str) -> None:
        try:
            self._client.change_password(
                AccessToken=caller.access_token,
                PreviousPassword=current,
                ProposedPassword=new_password,
            )
        except ClientError as exc:
            error = _error_code(exc)
            log.info("cognito_change_password_refused", code=error)
            if error == "NotAuthorizedException":
                raise WrongPassword() from None
            raise _refusal(exc, "change the password") from None
        except BotoCoreError as exc:
            log.warning("cognito_change_password_failed", error=str(exc))
            raise ServiceUnavailable("Cognito could not be reached; try again") from None
        self._sign_out_everywhere(
            lambda: self._client.global_sign_out(AccessToken=caller.access_token)
        )

    @staticmethod
    def _sign_out_everywhere(sign_out: Callable[[], object]) -> None:
        """The password has changed already: a failed sign-out is reported, not undone."""
        try:
            sign_out()
        except (ClientError, BotoCoreError) as exc:
            log.error("cognito_global_sign_out_failed", error=type(exc).__name__)
            raise ServiceUnavailable(
                "the password was changed, but other sessions could not be signed out; "
                "change it again to retry"
            ) from None

    def close(self) -> None:
        self._client.close()
