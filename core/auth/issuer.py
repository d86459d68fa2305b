"""The embedded token issuer: sign-up, email verification, sign-in, refresh and sign-out.

It mirrors Cognito closely enough that the rest of the product cannot tell them apart: RS256
access and id tokens with Cognito's claim names, opaque refresh tokens that sign-out revokes.

Refresh tokens rotate: each use answers a new one and retires the old. A retired token that
comes back means one of the two holders is not the user, so the whole family (every token
descended from that sign-in) is revoked. A family ends when its sign-in's lifetime does.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import NoReturn, Protocol

import jwt

from core.auth.keys import SigningKey
from core.auth.password import check_policy, dummy_hash, hash_password, verify_password
from core.auth.repository import ACCOUNTS, REFRESH, AuthAccount, RefreshToken
from core.auth.throttle import SignInThrottle, account_key
from core.clock import iso, parse_iso, utcnow
from core.errors import Conflict, Forbidden, InvalidInput, TooManyRequests, Unauthorized
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.storage.records import Repository
from core.users.service import create_user

__all__ = ["ACCOUNTS", "MAX_CODE_ATTEMPTS", "REFRESH", "LocalIssuer", "TokenSet"]
# Wrong codes allowed in one code lifetime (counted from the first code; resending a code does
# not start a new count).
MAX_CODE_ATTEMPTS = 5
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class Outbox(Protocol):
    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    id_token: str
    refresh_token: str
    expires_in: int
    # Seconds until the refresh token's sign-in ends (rotation keeps the sign-in's end).
    refresh_expires_in: int


class _Reused(Exception):
    """The refresh token being spent was spent already."""


def _revoked(token: RefreshToken | None) -> RefreshToken | None:
    if token is None or token.revoked:
        return None
    return token.model_copy(update={"revoked": True, "revoked_at": iso()})


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput("that is not a valid email address", details={"field": "email"})
    return email


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class LocalIssuer:
    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        key: SigningKey,
        outbox: Outbox,
        throttle: SignInThrottle | None = None,
    ):
        self.store = store
        self.settings = settings
        self.key = key
        self.outbox = outbox
        self.throttle = throttle
        self.accounts = Repository(store, AuthAccount)
        self.tokens = Repository(store, RefreshToken)

    def _hit(self, action: str, email: str, client: str) -> None:
        if self.throttle is not None:
            self.throttle.hit(f"{action}_address", client)
            self.throttle.hit(f"{action}_account", account_key(email))

    def _with_code(
        self, account: AuthAccount, code: str, before: AuthAccount | None
    ) -> AuthAccount:
        """The account with a new code; the wrong-attempt count of `before` carries over until
        the count's window (one code lifetime from the first code) has passed."""
        now = utcnow()
        ttl = timedelta(seconds=self.settings.verification_code_ttl_seconds)
        window = before.code_attempts_reset_at if before else None
        if before and window and parse_iso(window) > now:
            attempts, reset_at = before.code_attempts, window
        else:
            attempts, reset_at = 0, iso(now + ttl)
        return account.model_copy(
            update={
                "code_hash": _digest(code),
                "code_expires_at": iso(now + ttl),
                "code_attempts": attempts,
                "code_attempts_reset_at": reset_at,
            }
        )

    # --- sign-up and verification ------------------------------------------------------------
    def signup(self, email: str, password: str, name: str, *, client: str = "") -> AuthAccount:
        email = normalise_email(email)
        check_policy(password)
        name = name.strip()
        if not name or len(name) > 200:
            raise InvalidInput("name must be 1 to 200 characters", details={"field": "name"})
        self._hit("signup", email, client)
        existing = self.accounts.get({"email": email})
        if existing and existing.verified:
            raise Conflict("an account with this email already exists", code="email_taken")
        code = f"{secrets.randbelow(1_000_000):06d}"
        fresh = AuthAccount(
            email=email,
            user_id=existing.user_id if existing else str(uuid.uuid4()),
            name=name,
            password_hash=hash_password(password),
            created_at=existing.created_at if existing else iso(),
        )
        # Not a retried update: of two sign-ups racing for one email, the second is refused
        # rather than silently replacing the first one's password and code.
        try:
            written = self.accounts.put(
                self._with_code(fresh, code, existing),
                expected_version=existing.version if existing else 0,
            )
        except ConditionFailed:
            raise Conflict("sign-up for this email is already in progress") from None
        self._send_code(email, name, code)
        return written

    def resend_code(self, email: str, *, client: str = "") -> None:
        email = normalise_email(email)
        self._hit("resend", email, client)
        code = f"{secrets.randbelow(1_000_000):06d}"

        def new_code(account: AuthAccount | None) -> AuthAccount | None:
            if not account or account.verified:
                return None  # say nothing about whether the address is registered
            return self._with_code(account, code, account)

        try:
            updated = self.accounts.update({"email": email}, new_code)
        except ConditionFailed:
            raise Conflict("the account changed at the same moment; try again") from None
        if updated is not None:
            self._send_code(email, updated.name, code)

    def _send_code(self, email: str, name: str, code: str) -> None:
        msg = EmailMessage()
        msg["From"] = "Career Agent <no-reply@career-agent.local>"
        msg["To"] = email
        msg["Subject"] = f"Your Career Agent verification code: {code}"
        msg.set_content(
            f"Hi {name},\n\nYour verification code is {code}.\n"
            "Enter it in Career Agent to finish creating your account.\n"
            "If you did not sign up, ignore this email.\n"
        )
        self.outbox.send(msg)

    def verify(self, email: str, code: str, *, client: str = "") -> AuthAccount:
        email = normalise_email(email)
        if self.throttle is not None:
            self.throttle.guard("verify_address", client)
        try:
            account = self._reserve_code_attempt(email)
        except InvalidInput:
            self._count("verify_address", client)
            raise
        if account.verified:
            return account
        digest = _digest(code.strip())

        def mark_verified(current: AuthAccount | None) -> AuthAccount | None:
            if current is None:
                raise InvalidInput("invalid or expired code", code="invalid_code")
            if current.verified:
                return None
            # Checked on the account as it is now: a code resent meanwhile replaces this one.
            expired = not current.code_expires_at or parse_iso(current.code_expires_at) < utcnow()
            if expired or not hmac.compare_digest(current.code_hash, digest):
                raise InvalidInput("invalid or expired code", code="invalid_code")
            return current.model_copy(
                update={"verified": True, "code_hash": "", "code_attempts": 0}
            )

        try:
            verified = self.accounts.update({"email": email}, mark_verified)
        except InvalidInput:
            self._count("verify_address", client)
            raise
        except ConditionFailed:
            raise Conflict("verification raced another request; try again") from None
        if verified is None:  # another request verified it first
            return account.model_copy(update={"verified": True})
        create_user(self.store, user_id=verified.user_id, email=email, name=verified.name)
        return verified

    def _reserve_code_attempt(self, email: str) -> AuthAccount:
        """Count one attempt before the code is compared, so that guesses sent in parallel are
        each counted; returns the account as stored with the attempt."""
        already: list[AuthAccount] = []

        def count(item: Mapping[str, object] | None) -> Mapping[str, object] | None:
            account = AuthAccount.model_validate(item) if item is not None else None
            if account is None:
                raise InvalidInput("invalid or expired code", code="invalid_code")
            if account.verified:
                already.append(account)
                return None
            now = utcnow()
            reset_at = account.code_attempts_reset_at
            attempts = account.code_attempts
            if reset_at and parse_iso(reset_at) <= now:
                ttl = timedelta(seconds=self.settings.verification_code_ttl_seconds)
                attempts, reset_at = 0, iso(now + ttl)
            if attempts >= MAX_CODE_ATTEMPTS:
                wait = (parse_iso(reset_at) - now).total_seconds() if reset_at else 60
                raise TooManyRequests(
                    "too many wrong codes for this account; try again later",
                    retry_after=max(1, int(wait) + 1),
                )
            counted = account.model_copy(
                update={"code_attempts": attempts + 1, "code_attempts_reset_at": reset_at}
            )
            return counted.to_item()

        # The store's update rather than the repository's: parallel guesses need fewer rounds
        # than the default before the refusal below.
        try:
            counted = self.store.update(ACCOUNTS, {"email": email}, count, attempts=8)
        except ConditionFailed:
            raise Conflict("too many verification attempts at once; try again") from None
        return AuthAccount.model_validate(counted) if counted is not None else already[-1]

    def _count(self, rule: str, identity: str) -> None:
        if self.throttle is not None:
            self.throttle.count(rule, identity)

    # --- tokens ------------------------------------------------------------------------------
    def login(self, email: str, password: str, *, client: str = "") -> TokenSet:
        try:
            email = normalise_email(email)
        except InvalidInput:
            raise Unauthorized("incorrect email or password", code="invalid_credentials") from None
        if self.throttle is not None:
            # Checked before the password, so that past the limit even the right one waits.
            self.throttle.guard("login_account", account_key(email))
            self.throttle.guard("login_address", client)
        account = self.accounts.get({"email": email})
        if not account:
            verify_password(dummy_hash(), password)
        if not account or not verify_password(account.password_hash, password):
            self._count("login_account", account_key(email))
            self._count("login_address", client)
            raise Unauthorized("incorrect email or password", code="invalid_credentials")
        if not account.verified:
            raise Forbidden("verify your email first", code="email_not_verified")
        refresh, expires_at = self._new_refresh_token(account.user_id, email)
        access, id_token = self._sign_pair(account.user_id, email, account.name)
        return self._token_set(access, id_token, refresh, expires_at)

    def refresh(self, refresh_token: str) -> TokenSet:
        """New tokens for a refresh token, which is retired; see the module's note."""
        record = self._refresh_record(refresh_token)
        if record.used_at:
            self._reused(record)
        account = self.accounts.get({"email": record.email})
        if not account:
            raise Unauthorized("refresh token no longer valid", code="invalid_refresh_token")

        def spend(current: RefreshToken | None) -> RefreshToken:
            # A token already spent, here or by a request that won a race for it: reuse.
            if current is None or current.used_at:
                raise _Reused
            return current.model_copy(update={"used_at": iso()})

        try:
            self.tokens.update({"tokenId": record.token_id}, spend)
        except (_Reused, ConditionFailed):
            self._reused(record)
        rotated, expires_at = self._new_refresh_token(
            account.user_id,
            account.email,
            family_id=record.family,
            expires_at=record.expires_at,
        )
        access, id_token = self._sign_pair(account.user_id, account.email, account.name)
        return self._token_set(access, id_token, rotated, expires_at)

    def _token_set(self, access: str, id_token: str, refresh: str, expires_at: str) -> TokenSet:
        remaining = int((parse_iso(expires_at) - utcnow()).total_seconds())
        return TokenSet(
            access, id_token, refresh, self.settings.access_token_ttl_seconds, max(0, remaining)
        )

    def _reused(self, record: RefreshToken) -> NoReturn:
        self._revoke_family(record)
        raise Unauthorized(
            "this refresh token was already used; sign in again", code="refresh_token_reused"
        )

    def _revoke_family(self, record: RefreshToken) -> None:
        for other in self.tokens.query(record.user_id, index="UserIdIndex"):
            if other.family == record.family and not other.revoked:
                self.tokens.update({"tokenId": other.token_id}, _revoked)

    def logout(self, refresh_token: str) -> None:
        try:
            record = self._refresh_record(refresh_token)
        except Unauthorized:
            return  # signing out twice is not an error
        self.tokens.update({"tokenId": record.token_id}, _revoked)

    def _refresh_record(self, refresh_token: str) -> RefreshToken:
        token_id, _, secret = refresh_token.partition(".")
        record = self.tokens.get({"tokenId": token_id}) if token_id and secret else None
        if (
            not record
            or not hmac.compare_digest(record.secret_hash, _digest(secret))
            or record.revoked
            or parse_iso(record.expires_at) < utcnow()
        ):
            raise Unauthorized("refresh token no longer valid", code="invalid_refresh_token")
        return record

    def _new_refresh_token(
        self,
        user_id: str,
        email: str,
        *,
        family_id: str | None = None,
        expires_at: str | None = None,
    ) -> tuple[str, str]:
        """A new refresh token and when its sign-in ends."""
        token_id, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        ttl = timedelta(seconds=self.settings.refresh_token_ttl_seconds)
        expires_at = expires_at or iso(utcnow() + ttl)
        self.tokens.put(
            RefreshToken(
                token_id=token_id,
                family_id=family_id or token_id,
                user_id=user_id,
                email=email,
                secret_hash=_digest(secret),
                created_at=iso(),
                expires_at=expires_at,
            ),
            expected_version=0,
        )
        return f"{token_id}.{secret}", expires_at

    def _sign_pair(self, user_id: str, email: str, name: str) -> tuple[str, str]:
        now = int(utcnow().timestamp())
        exp = now + self.settings.access_token_ttl_seconds
        base = {"sub": user_id, "iss": self.settings.local_issuer, "iat": now, "exp": exp}
        headers = {"kid": self.key.kid}
        access = {
            **base,
            "token_use": "access",
            "client_id": self.settings.local_client_id,
            "email": email,
            "username": user_id,
            "scope": "openid email profile",
            "jti": str(uuid.uuid4()),
            "auth_time": now,
        }
        ident = {
            **base,
            "token_use": "id",
            "aud": self.settings.local_client_id,
            "email": email,
            "email_verified": True,
            "name": name,
            "cognito:username": user_id,
            "auth_time": now,
        }
        sign = self.key.private_pem
        return (
            jwt.encode(access, sign, algorithm="RS256", headers=headers),
            jwt.encode(ident, sign, algorithm="RS256", headers=headers),
        )
