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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import NoReturn, Protocol

import jwt

from core.auth.keys import SigningKey
from core.auth.password import (
    WrongPassword,
    check_policy,
    dummy_hash,
    hash_password,
    verify_password,
)
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
# not start a new count). The same bound holds for verification and for password reset codes.
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


@dataclass(frozen=True)
class _CodeSlot:
    """Where an account keeps one kind of emailed code: the names of its four fields."""

    hash: str
    expires_at: str
    attempts: str
    attempts_reset_at: str
    ttl_setting: str
    # Whether the account is waiting for a code of this kind at all.
    pending: Callable[[AuthAccount], bool]


_VERIFY = _CodeSlot(
    "code_hash",
    "code_expires_at",
    "code_attempts",
    "code_attempts_reset_at",
    "verification_code_ttl_seconds",
    lambda account: not account.verified,
)
_RESET = _CodeSlot(
    "reset_code_hash",
    "reset_code_expires_at",
    "reset_attempts",
    "reset_attempts_reset_at",
    "password_reset_code_ttl_seconds",
    lambda account: bool(account.reset_code_hash),
)
_WRONG_CODE = "invalid or expired code"


def _code_matches(account: AuthAccount, slot: _CodeSlot, digest: str) -> bool:
    """Whether `digest` is the account's current, unexpired code of this kind."""
    expires_at = getattr(account, slot.expires_at)
    if not expires_at or parse_iso(expires_at) < utcnow():
        return False
    return hmac.compare_digest(getattr(account, slot.hash), digest)


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


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


def _attempt_window(
    attempts: int, reset_at: str | None, now: datetime, ttl: timedelta
) -> tuple[int, str]:
    """The wrong-code count and the end of its window: kept while the window lasts, else a new
    window of one code lifetime starts at zero."""
    if reset_at and parse_iso(reset_at) > now:
        return attempts, reset_at
    return 0, iso(now + ttl)


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

    def _ttl(self, slot: _CodeSlot) -> timedelta:
        return timedelta(seconds=getattr(self.settings, slot.ttl_setting))

    def _with_code(
        self,
        account: AuthAccount,
        code: str,
        before: AuthAccount | None,
        slot: _CodeSlot = _VERIFY,
    ) -> AuthAccount:
        """The account with a new code; the wrong-attempt count of `before` carries over until
        the count's window (one code lifetime from the first code) has passed."""
        now = utcnow()
        attempts, reset_at = _attempt_window(
            getattr(before, slot.attempts, 0),
            getattr(before, slot.attempts_reset_at, None),
            now,
            self._ttl(slot),
        )
        return account.model_copy(
            update={
                slot.hash: _digest(code),
                slot.expires_at: iso(now + self._ttl(slot)),
                slot.attempts: attempts,
                slot.attempts_reset_at: reset_at,
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
        code = _new_code()
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
        code = _new_code()

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
        self._send(
            email,
            f"Your Career Agent verification code: {code}",
            f"Hi {name},\n\nYour verification code is {code}.\n"
            "Enter it in Career Agent to finish creating your account.\n"
            "If you did not sign up, ignore this email.\n",
        )

    def _send(self, email: str, subject: str, text: str) -> None:
        msg = EmailMessage()
        msg["From"] = "Career Agent <no-reply@career-agent.local>"
        msg["To"] = email
        msg["Subject"] = subject
        msg.set_content(text)
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
                raise InvalidInput(_WRONG_CODE, code="invalid_code")
            if current.verified:
                return None
            # Checked on the account as it is now: a code resent meanwhile replaces this one.
            if not _code_matches(current, _VERIFY, digest):
                raise InvalidInput(_WRONG_CODE, code="invalid_code")
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

    def _reserve_code_attempt(self, email: str, slot: _CodeSlot = _VERIFY) -> AuthAccount:
        """Count one attempt before the code is compared, so that guesses sent in parallel are
        each counted; returns the account as stored with the attempt, or as it is when no code
        of this kind is pending (a verified account; a reset code is then refused)."""
        idle: list[AuthAccount] = []

        def count(item: Mapping[str, object] | None) -> Mapping[str, object] | None:
            account = AuthAccount.model_validate(item) if item is not None else None
            if account is None:
                raise InvalidInput(_WRONG_CODE, code="invalid_code")
            if not slot.pending(account):
                idle.append(account)
                return None
            now = utcnow()
            attempts, reset_at = _attempt_window(
                getattr(account, slot.attempts),
                getattr(account, slot.attempts_reset_at),
                now,
                self._ttl(slot),
            )
            if attempts >= MAX_CODE_ATTEMPTS:
                wait = (parse_iso(reset_at) - now).total_seconds()
                raise TooManyRequests(
                    "too many wrong codes for this account; try again later",
                    retry_after=max(1, int(wait) + 1),
                )
            counted = account.model_copy(
                update={slot.attempts: attempts + 1, slot.attempts_reset_at: reset_at}
            )
            return counted.to_item()

        # The store's update rather than the repository's: parallel guesses need fewer rounds
        # than the default before the refusal below.
        try:
            counted = self.store.update(ACCOUNTS, {"email": email}, count, attempts=8)
        except ConditionFailed:
            raise Conflict("too many code attempts at once; try again") from None
        return AuthAccount.model_validate(counted) if counted is not None else idle[-1]

    # --- password reset and change ------------------------------------------------------------
    def send_reset_code(self, email: str) -> None:
        """Email a reset code to a verified account; an unknown or unverified address gets
        nothing, and the caller learns nothing either way."""
        code = _new_code()

        def new_code(account: AuthAccount | None) -> AuthAccount | None:
            if not account or not account.verified:
                return None
            return self._with_code(account, code, account, _RESET)

        try:
            updated = self.accounts.update({"email": email}, new_code)
        except ConditionFailed:
            raise Conflict("the account changed at the same moment; try again") from None
        if updated is None:
            return
        minutes = self.settings.password_reset_code_ttl_seconds // 60
        self._send(
            email,
            f"Your Career Agent password reset code: {code}",
            f"Hi {updated.name},\n\nYour password reset code is {code}.\n"
            f"It works once, for {minutes} minutes.\n"
            "If you did not ask to reset your password, ignore this email: "
            "your password stays as it is.\n",
        )

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        """Set a new password with the emailed code, which is spent, and sign out every
        session. The caller has checked the new password against the policy."""
        account = self._reserve_code_attempt(email, _RESET)
        if not _RESET.pending(account):
            raise InvalidInput(_WRONG_CODE, code="invalid_code")
        digest = _digest(code.strip())
        password_hash = hash_password(new_password)

        def apply(current: AuthAccount | None) -> AuthAccount:
            # Compared on the account as it is now: a code asked for meanwhile replaces this one.
            if current is None or not _code_matches(current, _RESET, digest):
                raise InvalidInput(_WRONG_CODE, code="invalid_code")
            return current.model_copy(
                update={
                    "password_hash": password_hash,
                    "reset_code_hash": "",
                    "reset_code_expires_at": None,
                    "reset_attempts": 0,
                    "reset_attempts_reset_at": None,
                }
            )

        try:
            self.accounts.update({"email": email}, apply)
        except ConditionFailed:
            raise Conflict("the account changed at the same moment; try again") from None
        self._revoke_sign_ins(account.user_id, keep=None)

    def change_password(
        self, user_id: str, email: str, current: str, new_password: str, *, keep: str | None
    ) -> None:
        """Replace a signed-in user's password after checking the current one, and sign out
        every other session (the one whose family is `keep` stays)."""
        account = self.accounts.get({"email": email})
        if not account or account.user_id != user_id:
            verify_password(dummy_hash(), current)
            raise WrongPassword()
        if not verify_password(account.password_hash, current):
            raise WrongPassword()
        password_hash = hash_password(new_password)

        def apply(stored: AuthAccount | None) -> AuthAccount:
            # Another change landed since the current password was checked: that check is void.
            if stored is None or stored.password_hash != account.password_hash:
                raise Conflict("the password changed at the same moment; try again")
            return stored.model_copy(update={"password_hash": password_hash})

        try:
            self.accounts.update({"email": email}, apply)
        except ConditionFailed:
            raise Conflict("the account changed at the same moment; try again") from None
        self._revoke_sign_ins(user_id, keep=keep)

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
        # A new sign-in starts a family named after its first token.
        family = refresh.partition(".")[0]
        access, id_token = self._sign_pair(account.user_id, email, account.name, family)
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
        access, id_token = self._sign_pair(
            account.user_id, account.email, account.name, record.family
        )
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
        self._revoke_where(record.user_id, lambda token: token.family == record.family)

    def _revoke_sign_ins(self, user_id: str, *, keep: str | None) -> None:
        """Revoke every refresh token of the user except those of the family `keep`."""
        self._revoke_where(user_id, lambda token: token.family != keep)

    def _revoke_where(self, user_id: str, chosen: Callable[[RefreshToken], bool]) -> None:
        for token in self.tokens.query(user_id, index="UserIdIndex"):
            if chosen(token) and not token.revoked:
                self.tokens.update({"tokenId": token.token_id}, _revoked)

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

    def _sign_pair(self, user_id: str, email: str, name: str, family: str) -> tuple[str, str]:
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
            # As in Cognito, the sign-in the token descends from: a password change keeps the
            # session that made it and signs out the others.
            "origin_jti": family,
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
