"""Google adapters for Gmail: OAuth, the mailbox client and the scan lock.

Google's client libraries are imported when Gmail is first used, not when the API starts: they
cost an API cold start about a second and most requests never need them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from core.gmail.ports import GmailGateway, Grant, Mailbox
from core.gmail.quota import LocalQuota, QuotaPacer, QuotaSpec
from core.settings import Settings

if TYPE_CHECKING:
    from integrations.gmail.oauth import GoogleOAuth


class GoogleGmailGateway(GmailGateway):
    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] | None = None) -> None:
        self._settings = settings
        self._sleep = sleep

    @cached_property
    def _oauth(self) -> GoogleOAuth:
        from integrations.gmail.oauth import GoogleOAuth

        return GoogleOAuth(self._settings)

    def authorization_url(self, state: str) -> tuple[str, str]:
        return self._oauth.authorization_url(state)

    def exchange_code(self, code: str, code_verifier: str) -> Grant:
        return self._oauth.exchange_code(code, code_verifier)

    def revoke(self, token: str) -> None:
        self._oauth.revoke(token)

    def mailbox(self, refresh_token: str, *, quota: QuotaPacer | None = None) -> Mailbox:
        from integrations.gmail.client import GoogleMailbox, credentials_for

        credentials = credentials_for(self._settings, refresh_token)
        if self._sleep is not None:
            return GoogleMailbox(self._settings, credentials, sleep=self._sleep, quota=quota)
        return GoogleMailbox(self._settings, credentials, quota=quota)


def build_gmail_gateway(settings: Settings) -> GmailGateway:
    return GoogleGmailGateway(settings)


def build_quota(settings: Settings, redis: Any, user_id: str) -> QuotaPacer:
    """The user's Gmail quota bucket: in Redis when there is one (shared by every worker),
    else in this process."""
    spec = QuotaSpec(rate=settings.gmail_quota_units_per_second, burst=settings.gmail_quota_burst)
    if redis is not None:
        from integrations.gmail.quota import RedisQuota

        return RedisQuota(redis, user_id, spec)
    return LocalQuota.for_user(user_id, spec)
