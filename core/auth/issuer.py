"""The embedded token issuer: sign-up, email verification, sign-in, refresh and sign-out.

It mirrors Cognito closely enough that the rest of the product cannot tell them apart: RS256
access and id tokens with Cognito's claim names, opaque refresh tokens that sign-out revokes.
"""

from __future__ import annotations

import contextlib
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
from core.clock import iso, parse_iso, utcnow
from core.errors import Conflict, Forbidden, InvalidInput, TooManyRequests, Unauthorized
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.users.service import create_user

ACCOUNTS = "AuthAccounts"
REFRESH = "RefreshTokens"
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


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput("that is not a valid email address", details={"field": "email"})
    return email


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class LocalIssuer:
    def __init__(self, *, store: Store, settings: Settings, key: SigningKey, outbox: Outbox):
        self.store = store
        self.settings = settings
        self.key = key
        self.outbox = outbox

    # --- sign-up and verification ------------------------------------------------------------
    def signup(self, email: str, password: str, name: str) -> dict[str, Any]:
        email = normalise_email(email)
        check_policy(password)
        name = name.strip()
        if not name or len(name) > 200:
            raise InvalidInput("name must be 1 to 200 characters", details={"field": "name"})
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
            "codeHash": _digest(code),
            "codeExpiresAt": iso(
                utcnow() + timedelta(seconds=self.settings.verification_code_ttl_seconds)
            ),
            "codeAttempts": 0,
            "createdAt": existing["createdAt"] if existing else iso(),
        }
        version = int(existing.get("version", 0)) if existing else 0
        try:
            self.store.put(ACCOUNTS, account, expected_version=version)
        except ConditionFailed:
            raise Conflict("sign-up for this email is already in progress") from None
        self._send_code(email, name, code)
        return {"userId": account["userId"], "email": email, "verified": False}

    def resend_code(self, email: str) -> None:
        email = normalise_email(email)
        account = self.store.get(ACCOUNTS, {"email": email})
        if not account or account.get("verified"):
            return  # say nothing about whether the address is registered
        code = f"{secrets.randbelow(1_000_000):06d}"
        updated = {
            **account,
            "codeHash": _digest(code),
            "codeAttempts": 0,
            "codeExpiresAt": iso(
                utcnow() + timedelta(seconds=self.settings.verification_code_ttl_seconds)
            ),
        }
        self.store.put(ACCOUNTS, updated, expected_version=int(account.get("version", 0)))
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

    def verify(self, email: str, code: str) -> dict[str, Any]:
        email = normalise_email(email)
        account = self.store.get(ACCOUNTS, {"email": email})
        if not account:
            raise InvalidInput("invalid or expired code", code="invalid_code")
        if account.get("verified"):
            return {"userId": account["userId"], "email": email, "verified": True}
        if int(account.get("codeAttempts", 0)) >= MAX_CODE_ATTEMPTS:
            raise TooManyRequests("too many wrong codes; ask for a new code", retry_after=60)
        expired = parse_iso(account["codeExpiresAt"]) < utcnow()
        good = hmac.compare_digest(account.get("codeHash", ""), _digest(code.strip()))
        version = int(account.get("version", 0))
        if expired or not good:
            with contextlib.suppress(ConditionFailed):  # a concurrent attempt counted already
                self.store.put(
                    ACCOUNTS,
                    {**account, "codeAttempts": int(account.get("codeAttempts", 0)) + 1},
                    expected_version=version,
                )
            raise InvalidInput("invalid or expired code", code="invalid_code")
        verified = {**account, "verified": True, "codeHash": "", "codeAttempts": 0}
        try:
            self.store.put(ACCOUNTS, verified, expected_version=version)
        except ConditionFailed:
            raise Conflict("verification raced another request; try again") from None
        create_user(self.store, user_id=account["userId"], email=email, name=account["name"])
        return {"userId": account["userId"], "email": email, "verified": True}

    # --- tokens ------------------------------------------------------------------------------
    def login(self, email: str, password: str) -> TokenSet:
        try:
            email = normalise_email(email)
        except InvalidInput:
            raise Unauthorized("incorrect email or password", code="invalid_credentials") from None
        account = self.store.get(ACCOUNTS, {"email": email})
        if not account:
            verify_password(dummy_hash(), password)
            raise Unauthorized("incorrect email or password", code="invalid_credentials")
        if not verify_password(account["passwordHash"], password):
            raise Unauthorized("incorrect email or password", code="invalid_credentials")
        if not account.get("verified"):
            raise Forbidden("verify your email first", code="email_not_verified")
        refresh = self._new_refresh_token(account["userId"], email)
        access, id_token = self._sign_pair(account["userId"], email, account["name"])
        return TokenSet(access, id_token, refresh, self.settings.access_token_ttl_seconds)

    def refresh(self, refresh_token: str) -> TokenSet:
        record = self._refresh_record(refresh_token)
        account = self.store.get(ACCOUNTS, {"email": record["email"]})
        if not account:
            raise Unauthorized("refresh token no longer valid", code="invalid_refresh_token")
        access, id_token = self._sign_pair(account["userId"], account["email"], account["name"])
        return TokenSet(access, id_token, refresh_token, self.settings.access_token_ttl_seconds)

    def logout(self, refresh_token: str) -> None:
        try:
            record = self._refresh_record(refresh_token)
        except Unauthorized:
            return  # signing out twice is not an error
        self.store.put(REFRESH, {**record, "revoked": True, "revokedAt": iso()})

    def revoke_all(self, user_id: str) -> None:
        for record in self.store.query(REFRESH, user_id, index="UserIdIndex"):
            if not record.get("revoked"):
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

    def _new_refresh_token(self, user_id: str, email: str) -> str:
        token_id, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        ttl = timedelta(seconds=self.settings.refresh_token_ttl_seconds)
        self.store.put(
            REFRESH,
            {
                "tokenId": token_id,
                "userId": user_id,
                "email": email,
                "secretHash": _digest(secret),
                "revoked": False,
                "createdAt": iso(),
                "expiresAt": iso(utcnow() + ttl),
            },
            if_not_exists=True,
        )
        return f"{token_id}.{secret}"

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
