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
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Any, Protocol

import jwt

from core.auth.keys import SigningKey
from core.auth.password import check_policy, dummy_hash, hash_password, verify_password
from core.auth.throttle import SignInThrottle, account_key
from core.clock import iso, parse_iso, utcnow
from core.errors import Conflict, Forbidden, InvalidInput, TooManyRequests, Unauthorized
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.users.service import create_user

ACCOUNTS = "AuthAccounts"
REFRESH = "RefreshTokens"
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

    def _hit(self, action: str, email: str, client: str) -> None:
        if self.throttle is not None:
            self.throttle.hit(f"{action}_address", client)
            self.throttle.hit(f"{action}_account", account_key(email))

    def _code_fields(self, code: str, account: dict[str, Any] | None) -> dict[str, Any]:
        """A new code; its wrong-attempt count carries over until the count's window (one code
        lifetime from the first code) has passed."""
        now = utcnow()
        ttl = timedelta(seconds=self.settings.verification_code_ttl_seconds)
        window = account.get("codeAttemptsResetAt") if account else None
        if account and window and parse_iso(window) > now:
            attempts, reset_at = int(account.get("codeAttempts", 0)), window
        else:
            attempts, reset_at = 0, iso(now + ttl)
        return {
            "codeHash": _digest(code),
            "codeExpiresAt": iso(now + ttl),
            "codeAttempts": attempts,
            "codeAttemptsResetAt": reset_at,
        }

    # --- sign-up and verification ------------------------------------------------------------
    def signup(self, email: str, password: str, name: str, *, client: str = "") -> dict[str, Any]:
        email = normalise_email(email)
        check_policy(password)
        name = name.strip()
        if not name or len(name) > 200:
            raise InvalidInput("name must be 1 to 200 characters", details={"field": "name"})
        self._hit("signup", email, client)
        existing = self.store.get(ACCOUNTS, {"email": email})
        if existing and existing.get("verified"):
            raise Conflict("an account with this email already exists", code="email_taken")
        code = f"{secrets.randbelow(1_000_000):06d}"
        account = {
            "email": email,
            "userId": existing["userId"] if existing else str(uuid.uuid4()),
            "name": name,
            "passwordHash": hash_password(password),
            "verified": False,
            **self._code_fields(code, existing),
            "createdAt": existing["createdAt"] if existing else iso(),
        }
        version = int(existing.get("version", 0)) if existing else 0
        try:
            self.store.put(ACCOUNTS, account, expected_version=version)
        except ConditionFailed:
            raise Conflict("sign-up for this email is already in progress") from None
        self._send_code(email, name, code)
        return {"userId": account["userId"], "email": email, "verified": False}

    def resend_code(self, email: str, *, client: str = "") -> None:
        email = normalise_email(email)
        self._hit("resend", email, client)
        account = self.store.get(ACCOUNTS, {"email": email})
        if not account or account.get("verified"):
            return  # say nothing about whether the address is registered
        code = f"{secrets.randbelow(1_000_000):06d}"
        updated = {**account, **self._code_fields(code, account)}
        try:
            self.store.put(ACCOUNTS, updated, expected_version=int(account.get("version", 0)))
        except ConditionFailed:
            raise Conflict("the account changed at the same moment; try again") from None
        self._send_code(email, account["name"], code)

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

    def verify(self, email: str, code: str, *, client: str = "") -> dict[str, Any]:
        email = normalise_email(email)
        if self.throttle is not None:
            self.throttle.guard("verify_address", client)
        try:
            account = self._reserve_code_attempt(email)
        except InvalidInput:
            self._count("verify_address", client)
            raise
        if account.get("verified"):
            return {"userId": account["userId"], "email": email, "verified": True}
        expired = parse_iso(account["codeExpiresAt"]) < utcnow()
        good = hmac.compare_digest(account.get("codeHash", ""), _digest(code.strip()))
        if expired or not good:
            self._count("verify_address", client)
            raise InvalidInput("invalid or expired code", code="invalid_code")
        verified = {**account, "verified": True, "codeHash": "", "codeAttempts": 0}
        try:
            self.store.put(ACCOUNTS, verified, expected_version=int(account["version"]))
        except ConditionFailed:
            raise Conflict("verification raced another request; try again") from None
        create_user(self.store, user_id=account["userId"], email=email, name=account["name"])
        return {"userId": account["userId"], "email": email, "verified": True}

    def _reserve_code_attempt(self, email: str) -> dict[str, Any]:
        """Count one attempt before the code is compared, so that guesses sent in parallel are
        each counted; returns the account as stored with the attempt."""
        already: list[dict[str, Any]] = []

        def count(account: dict[str, Any] | None) -> dict[str, Any] | None:
            if not account:
                raise InvalidInput("invalid or expired code", code="invalid_code")
            if account.get("verified"):
                already.append(account)
                return None
            now = utcnow()
            reset_at = account.get("codeAttemptsResetAt")
            attempts = int(account.get("codeAttempts", 0))
            if reset_at and parse_iso(reset_at) <= now:
                ttl = timedelta(seconds=self.settings.verification_code_ttl_seconds)
                attempts, reset_at = 0, iso(now + ttl)
            if attempts >= MAX_CODE_ATTEMPTS:
                wait = (parse_iso(reset_at) - now).total_seconds() if reset_at else 60
                raise TooManyRequests(
                    "too many wrong codes for this account; try again later",
                    retry_after=max(1, int(wait) + 1),
                )
            return {**account, "codeAttempts": attempts + 1, "codeAttemptsResetAt": reset_at}

        try:
            counted = self.store.update(ACCOUNTS, {"email": email}, count, attempts=8)
        except ConditionFailed:
            raise Conflict("too many verification attempts at once; try again") from None
        return counted if counted is not None else already[-1]

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
        account = self.store.get(ACCOUNTS, {"email": email})
        if not account:
            verify_password(dummy_hash(), password)
        if not account or not verify_password(account["passwordHash"], password):
            self._count("login_account", account_key(email))
            self._count("login_address", client)
            raise Unauthorized("incorrect email or password", code="invalid_credentials")
        if not account.get("verified"):
            raise Forbidden("verify your email first", code="email_not_verified")
        refresh, expires_at = self._new_refresh_token(account["userId"], email)
        access, id_token = self._sign_pair(account["userId"], email, account["name"])
        return self._token_set(access, id_token, refresh, expires_at)

    def refresh(self, refresh_token: str) -> TokenSet:
        """New tokens for a refresh token, which is retired; see the module's note."""
        record = self._refresh_record(refresh_token)
        if record.get("usedAt"):
            self._revoke_family(record)
            raise Unauthorized(
                "this refresh token was already used; sign in again",
                code="refresh_token_reused",
            )
        account = self.store.get(ACCOUNTS, {"email": record["email"]})
        if not account:
            raise Unauthorized("refresh token no longer valid", code="invalid_refresh_token")
        version = int(record.get("version", 0))
        try:
            self.store.put(
                REFRESH,
                {**record, "usedAt": iso()},
                expected_version=version if version else None,
            )
        except ConditionFailed:
            # Another request used this token at the same moment: the same reuse.
            self._revoke_family(record)
            raise Unauthorized(
                "this refresh token was already used; sign in again",
                code="refresh_token_reused",
            ) from None
        rotated, expires_at = self._new_refresh_token(
            account["userId"],
            account["email"],
            family_id=record.get("familyId") or record["tokenId"],
            expires_at=record["expiresAt"],
        )
        access, id_token = self._sign_pair(account["userId"], account["email"], account["name"])
        return self._token_set(access, id_token, rotated, expires_at)

    def _token_set(self, access: str, id_token: str, refresh: str, expires_at: str) -> TokenSet:
        remaining = int((parse_iso(expires_at) - utcnow()).total_seconds())
        return TokenSet(
            access, id_token, refresh, self.settings.access_token_ttl_seconds, max(0, remaining)
        )

    def _revoke_family(self, record: dict[str, Any]) -> None:
        family = record.get("familyId") or record["tokenId"]
        for other in self.store.query(REFRESH, record["userId"], index="UserIdIndex"):
            if (other.get("familyId") or other["tokenId"]) == family and not other.get("revoked"):
                self.store.put(REFRESH, {**other, "revoked": True, "revokedAt": iso()})

    def logout(self, refresh_token: str) -> None:
        try:
            record = self._refresh_record(refresh_token)
        except Unauthorized:
            return  # signing out twice is not an error
        self.store.put(REFRESH, {**record, "revoked": True, "revokedAt": iso()})

    def _refresh_record(self, refresh_token: str) -> dict[str, Any]:
        token_id, _, secret = refresh_token.partition(".")
        record = self.store.get(REFRESH, {"tokenId": token_id}) if token_id and secret else None
        if (
            not record
            or not hmac.compare_digest(record["secretHash"], _digest(secret))
            or record.get("revoked")
            or parse_iso(record["expiresAt"]) < utcnow()
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
        self.store.put(
            REFRESH,
            {
                "tokenId": token_id,
                "familyId": family_id or token_id,
                "userId": user_id,
                "email": email,
                "secretHash": _digest(secret),
                "revoked": False,
                "createdAt": iso(),
                "expiresAt": expires_at,
            },
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
