"""What the Gmail services need from the outside world, as small interfaces.

The Google adapters live in `integrations/gmail`; tests can run the same services against the
real adapters pointed at a fake Google.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from core.gmail.quota import QuotaPacer
from core.leases import Lease

SCOPE = "https://www.googleapis.com/auth/gmail.readonly"


class GmailError(Exception):
    """A Gmail call failed in a way that is neither throttling nor an outage."""


class AuthRevoked(GmailError):
    """The refresh token no longer works (`invalid_grant`): revoked, expired or password reset."""


class HistoryExpired(GmailError):
    """The stored historyId is too old for users.history.list (HTTP 404)."""


class RateLimited(GmailError):
    """Still throttled after backing off (HTTP 429 / 403 rate limit)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class GmailUnavailable(GmailError):
    """Google did not answer usefully (5xx, network) after retries."""


class AuthorizationFailed(GmailError):
    """The authorization code was refused, or the user did not grant read access."""


@dataclass(frozen=True)
class MessageRef:
    id: str
    thread_id: str | None = None
    label_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchedMessage:
    id: str
    thread_id: str | None
    raw: bytes | None  # None when the message vanished between listing and fetching
    label_ids: tuple[str, ...] = ()
    internal_date_ms: int = 0  # when Gmail received it


@dataclass(frozen=True)
class Profile:
    email: str
    history_id: str


@dataclass(frozen=True)
class Grant:
    refresh_token: str
    email: str
    scopes: tuple[str, ...] = field(default_factory=tuple)


class Mailbox(ABC):
    """One user's Gmail, read-only."""

    @abstractmethod
    def profile(self) -> Profile: ...

    @abstractmethod
    def list_messages(
        self, query: str, page_token: str | None = None
    ) -> tuple[list[MessageRef], str | None]:
        """One page of users.messages.list: (messages, next page token)."""

    @abstractmethod
    def list_history(
        self, start_history_id: str, page_token: str | None = None
    ) -> tuple[list[MessageRef], str | None, str]:
        """One page of users.history.list (messageAdded): (added messages, next page token,
        the mailbox's current historyId). Raises `HistoryExpired`."""

    @abstractmethod
    def fetch_raw(self, message_ids: list[str]) -> list[FetchedMessage]:
        """Each message as RFC 822 bytes (batched, retried; order is not kept): headers and
        text parts, and calendar files; other attachments are left out, empty."""


class GmailGateway(ABC):
    """Google's OAuth endpoints and a mailbox per refresh token."""

    @abstractmethod
    def authorization_url(self, state: str) -> tuple[str, str]:
        """(URL to send the user to, PKCE code verifier to keep until the callback)."""

    @abstractmethod
    def exchange_code(self, code: str, code_verifier: str) -> Grant:
        """Trade the callback's code for tokens. Raises `AuthorizationFailed`."""

    @abstractmethod
    def revoke(self, token: str) -> None:
        """Revoke a token at Google; an already invalid token is not an error."""

    @abstractmethod
    def mailbox(self, refresh_token: str, *, quota: QuotaPacer | None = None) -> Mailbox:
        """The mailbox a refresh token opens; calls are paced by `quota` when given."""


# Mutual exclusion for the scans of one account.
ScanLock = Lease
