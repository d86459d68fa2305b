"""Google OAuth for Gmail through google-auth-oauthlib: authorization URL with PKCE and offline
access, code exchange, and token revocation."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import httpx
from google_auth_oauthlib.flow import Flow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error

from core.gmail.ports import SCOPE, AuthorizationFailed, GmailUnavailable, Grant
from core.settings import Settings
from integrations.gmail.client import GoogleMailbox, credentials_for

# These libraries log whole token responses at DEBUG: keep them quiet whatever LOG_LEVEL says.
for _name in ("requests_oauthlib", "oauthlib", "google_auth_oauthlib"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class GoogleOAuth:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _flow(self, code_verifier: str | None) -> Flow:
        s = self._settings
        config = {
            "web": {
                "client_id": s.google_client_id,
                "client_secret": s.google_client_secret,
                "auth_uri": s.google_auth_uri,
                "token_uri": s.google_token_uri,
                "redirect_uris": [s.google_redirect_uri],
            }
        }
        return Flow.from_client_config(
            config,
            scopes=[SCOPE],
            redirect_uri=s.google_redirect_uri,
            code_verifier=code_verifier,
            autogenerate_code_verifier=code_verifier is None,
        )

    def authorization_url(self, state: str) -> tuple[str, str]:
        flow = self._flow(None)
        url, _ = flow.authorization_url(access_type="offline", prompt="consent", state=state)
        assert flow.code_verifier is not None
        return url, flow.code_verifier

    def exchange_code(self, code: str, code_verifier: str) -> Grant:
        flow = self._flow(code_verifier)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                token: dict[str, Any] = flow.fetch_token(code=code)
        except Warning as changed:
            # oauthlib raises a Warning when Google granted other scopes than asked for (the
            # user unticked Gmail on the consent page); the token comes with it.
            token = getattr(changed, "token", None) or {}
            if not token:
                raise AuthorizationFailed("Google granted other permissions than asked") from None
        except OAuth2Error as exc:
            raise AuthorizationFailed(
                f"Google refused the authorization code ({exc.error})"
            ) from None
        except (OSError, ValueError) as exc:
            raise GmailUnavailable(f"cannot reach Google: {type(exc).__name__}") from None
        refresh_token = token.get("refresh_token")
        if not refresh_token:
            raise AuthorizationFailed("Google returned no refresh token; connect Gmail again")
        raw_scope = token.get("scope") or []
        scopes = tuple(raw_scope.split() if isinstance(raw_scope, str) else raw_scope)
        if scopes and SCOPE not in scopes:
            return Grant(refresh_token=str(refresh_token), email="", scopes=scopes)
        credentials = credentials_for(self._settings, str(refresh_token))
        credentials.token = token.get("access_token")
        mailbox = GoogleMailbox(self._settings, credentials)
        return Grant(refresh_token=str(refresh_token), email=mailbox.profile().email, scopes=scopes)

    def revoke(self, token: str) -> None:
        try:
            response = httpx.post(
                self._settings.google_revoke_uri,
                data={"token": token},
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=10,
            )
        except httpx.HTTPError as exc:
            raise GmailUnavailable(f"cannot reach Google: {type(exc).__name__}") from exc
        # 400 invalid_token: already revoked or expired, which is what we wanted.
        if response.status_code >= 500:
            raise GmailUnavailable(f"Google's revoke endpoint answered {response.status_code}")
