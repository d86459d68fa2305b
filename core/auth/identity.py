"""The identity provider port: what the product asks of whoever holds the sign-ins.

The local issuer keeps sign-ins in the store (erased with the rest of the user's data) and
creates profiles at sign-up; Cognito keeps them in its user pool.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class IdentityProvider(ABC):
    @abstractmethod
    def profile(self, access_token: str) -> dict[str, str]:
        """The signed-in user's attributes (email, name…) for a profile seen for the first
        time. Raises `Unauthorized` when the provider refuses the token."""

    @abstractmethod
    def delete_sign_in(self, username: str) -> None:
        """Erase the sign-in itself, so the erased account cannot sign in again."""


class LocalIdentity(IdentityProvider):
    """The local issuer: profiles exist from sign-up on, sign-ins live in the store."""

    def profile(self, access_token: str) -> dict[str, str]:
        return {}

    def delete_sign_in(self, username: str) -> None:
        return None
