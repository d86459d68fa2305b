"""One token verifier for both the local issuer and Cognito.

It fetches the issuer's JWKS (and caches it), then checks the key id, the RS256 signature,
the issuer, the client id / audience, `token_use` and expiry. `alg: none`, HMAC-signed and
otherwise tampered tokens are refused before any key is consulted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import jwt
from jwt import PyJWK

from core.errors import Unauthorized
from core.settings import Settings

# The issuer's JWKS document, as fetched: untrusted JSON, checked entry by entry below.
JwksSource = Callable[[], Mapping[str, object]]

# A refetch on an unknown kid at most this often: a flood of forged kids must not hammer the
# issuer.
_MIN_REFETCH_SECONDS = 30.0


@dataclass(frozen=True)
class Claims:
    sub: str
    email: str | None
    token_use: str
    # Cognito's sign-in name, which its admin calls take; the local issuer sets none.
    username: str | None = None
    # The sign-in the token descends from (`origin_jti`): the local issuer's refresh family.
    session: str | None = None
    # When the token was issued (`iat`, seconds since the epoch).
    issued_at: int | None = None


# Clocks of the issuer and of this server differ by a few seconds: a token is accepted this
# long past its expiry (and before its issue time), as RFC 7519 §4.1.4 allows.
DEFAULT_LEEWAY_SECONDS = 30


class TokenVerifier:
    def __init__(
        self,
        jwks_source: JwksSource,
        *,
        issuer: str,
        client_id: str,
        cache_seconds: int = 3600,
        leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        self._source = jwks_source
        self.issuer = issuer
        self.client_id = client_id
        self._cache_seconds = cache_seconds
        self._leeway = leeway_seconds
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings, source: JwksSource) -> TokenVerifier:
        if settings.is_cognito:
            return cls(
                source,
                issuer=settings.cognito_issuer,
                client_id=settings.cognito_client_id,
                cache_seconds=settings.jwks_cache_seconds,
            )
        return cls(
            source,
            issuer=settings.local_issuer,
            client_id=settings.local_client_id,
            cache_seconds=settings.jwks_cache_seconds,
        )

    def _refresh(self, *, force: bool) -> None:
        now = time.monotonic()
        with self._lock:
            fresh = now - self._fetched_at < self._cache_seconds
            if self._keys and fresh and not force:
                return
            if force and now - self._fetched_at < _MIN_REFETCH_SECONDS and self._keys:
                return
            try:
                document = self._source()
            except Exception as exc:
                if self._keys:  # keep serving with the keys we have
                    return
                raise Unauthorized("token keys are unavailable", code="jwks_unavailable") from exc
            keys: dict[str, PyJWK] = {}
            entries = document.get("keys")
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict) or entry.get("kty") != "RSA":
                    continue
                kid = entry.get("kid")
                if isinstance(kid, str) and kid:
                    keys[kid] = PyJWK(entry, algorithm="RS256")
            self._keys = keys
            self._fetched_at = now

    def _key_for(self, kid: str) -> PyJWK:
        self._refresh(force=False)
        if kid not in self._keys:
            self._refresh(force=True)
        try:
            return self._keys[kid]
        except KeyError:
            raise Unauthorized("token signed by an unknown key", code="invalid_token") from None

    def verify(self, token: str, *, allowed_uses: frozenset[str] = frozenset({"access"})) -> Claims:
        """Verify a bearer token and return its claims, or raise `Unauthorized`."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthorized("malformed token", code="invalid_token") from None
        if header.get("alg") != "RS256":
            raise Unauthorized("token algorithm not accepted", code="invalid_token")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("token has no key id", code="invalid_token")
        key = self._key_for(kid)
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=["RS256"],
                issuer=self.issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("token expired", code="token_expired") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("token from another issuer", code="invalid_token") from None
        except jwt.PyJWTError:
            raise Unauthorized("invalid token", code="invalid_token") from None
        use = claims.get("token_use")
        if use not in allowed_uses:
            raise Unauthorized(f"a {use} token cannot be used here", code="invalid_token")
        # Cognito puts the app client in `client_id` on access tokens and in `aud` on id tokens.
        audience = claims.get("client_id") if use == "access" else claims.get("aud")
        if audience != self.client_id:
            raise Unauthorized("token issued for another client", code="invalid_token")
        email = claims.get("email")
        username = claims.get("username")
        session = claims.get("origin_jti")
        return Claims(
            sub=str(claims["sub"]),
            email=email,
            token_use=str(use),
            username=str(username) if username else None,
            session=str(session) if session else None,
            issued_at=int(claims["iat"]),
        )
