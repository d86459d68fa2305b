"""The local issuer's records: sign-in accounts and refresh tokens, and their tables."""

from __future__ import annotations

from core.storage.records import Record

ACCOUNTS = "AuthAccounts"
REFRESH = "RefreshTokens"


class AuthAccount(Record):
    """A sign-in of the local issuer, keyed by its normalised email. The profile itself is a
    Users record created at verification."""

    table = ACCOUNTS

    email: str
    user_id: str
    name: str
    password_hash: str
    verified: bool = False
    # SHA-256 of the current verification code; empty once the email is verified.
    code_hash: str = ""
    code_expires_at: str | None = None
    # Wrong codes in the window that ends at code_attempts_reset_at (one code lifetime).
    code_attempts: int = 0
    code_attempts_reset_at: str | None = None
    # The password reset code, kept the same way: a digest, an end, and its wrong attempts.
    reset_code_hash: str = ""
    reset_code_expires_at: str | None = None
    reset_attempts: int = 0
    reset_attempts_reset_at: str | None = None
    created_at: str
    version: int = 0


class RefreshToken(Record):
    """One refresh token, stored as the digest of its secret. Tokens descended from one sign-in
    share its family id and its end (expires_at)."""

    table = REFRESH

    token_id: str
    # The first token of the sign-in; tokens from before families were kept have none.
    family_id: str | None = None
    user_id: str
    email: str
    secret_hash: str
    revoked: bool = False
    revoked_at: str | None = None
    # Set when the token was exchanged: it must not be used again.
    used_at: str | None = None
    created_at: str
    expires_at: str
    version: int = 0

    @property
    def family(self) -> str:
        return self.family_id or self.token_id
