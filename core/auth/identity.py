"""The identity provider port: what the product asks of whoever holds the sign-ins.

The local issuer keeps sign-ins in the store (erased with the rest of the user's data) and
creates profiles at sign-up; Cognito keeps them in its user pool.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.auth.issuer import LocalIssuer


@dataclass(frozen=True)
class Caller:
    """A signed-in person as their access token shows them."""

    user_id: str
    email: str | None
    # The sign-in this token descends from, where the provider says (see Claims.session).
    session: str | None
    access_token: str = field(repr=False)


class IdentityProvider(ABC):
    @abstractmethod
    def profile(self, access_token: str) -> dict[str, str]:
        """The signed-in user's attributes (email, name…) for a profile seen for the first
        time. Raises `Unauthorized` when the provider refuses the token."""

    @abstractmethod
    def delete_sign_in(self, username: str) -> None:
        """Erase the sign-in itself, so the erased account cannot sign in again."""

    @abstractmethod
    def send_reset_code(self, email: str) -> None:
        """Email a password reset code to the account, if there is one; say nothing otherwise.
        The email is normalised."""

    @abstractmethod
    def reset_password(self, email: str, code: str, new_password: str) -> None:
        """Set a new password with the emailed code and sign out every session. Raises
        `InvalidInput` (code `invalid_code`) for a wrong, used or expired code and
        `TooManyRequests` past the wrong-code limit. The new password meets the policy."""

    @abstractmethod
    def change_password(self, caller: Caller, current: str, new_password: str) -> None:
        """Replace the caller's password and sign out their other sessions. Raises
        `WrongPassword` when `current` is not their password."""

    def kept_session(self, caller: Caller) -> str | None:
        """The sign-in that stays after the caller changes their password: theirs."""
        return caller.session


class LocalIdentity(IdentityProvider):
    """The local issuer: profiles exist from sign-up on, sign-ins live in the store."""

    def __init__(self, issuer: LocalIssuer) -> None:
        self._issuer = issuer

    def profile(self, access_token: str) -> dict[str, str]:
        return {}

    def delete_sign_in(self, username: str) -> None:
        return None

    def send_reset_code(self, email: str) -> None:
        self._issuer.send_reset_code(email)

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        self._issuer.reset_password(email, code, new_password)

    def change_password(self, caller: Caller, current: str, new_password: str) -> None:
        self._issuer.change_password(
            caller.user_id, caller.email or "", current, new_password, keep=caller.session
        )
