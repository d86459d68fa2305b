"""The Gmail tables: connected accounts, pending OAuth states, and the messages already handled."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.storage.port import Store
from core.storage.records import Record, Repository
from core.values import StoredValue

AccountStatus = Literal["connected", "disconnected"]


class ScanCounts(StoredValue):
    """What every scan of an account has done so far, summed."""

    messages_scanned: int = 0
    interviews_found: int = 0
    needs_review: int = 0
    scans: int = 0


class GmailAccount(Record):
    table = "GmailAccounts"

    user_id: str
    email: str | None = None
    status: AccountStatus
    refresh_token_encrypted: str | None = None
    scopes: list[str] = Field(default_factory=list)
    connected_at: str | None = None
    # Where the next incremental scan starts; None means a full scan.
    history_id: str | None = None
    last_scan_at: str | None = None
    last_scan_mode: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    disconnected_reason: str | None = None
    disconnected_at: str | None = None
    counts: ScanCounts = Field(default_factory=ScanCounts)
    version: int = 0

    @property
    def connected(self) -> bool:
        return self.status == "connected"


class OAuthState(Record):
    """A connection started and not finished: single use, bound to its user, short-lived."""

    table = "OAuthStates"

    state: str
    user_id: str
    code_verifier: str  # encrypted
    created_at: str
    expires_at: str


class MessageOutcome(Record):
    """What handling one message did (the row of a handled message holds it); not stored on
    its own."""

    is_interview: bool = False
    action: str | None = None  # applied, review, ignored
    category: str | None = None
    interview_id: str | None = None
    interview_created: bool = False
    interview_changed: bool = False
    application_ids: list[str] = Field(default_factory=list)
    review_id: str | None = None
    # Why the message could not be read, when it could not.
    error: str | None = None


class ProcessedMessage(MessageOutcome):
    """A message handled once: a second delivery, scan or import of it skips it."""

    table = "ProcessedMessages"

    user_id: str
    message_id: str
    thread_id: str | None = None
    processed_at: str
    import_id: str | None = None  # the import that read it, when one did


class GmailAccounts(Repository[GmailAccount]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, GmailAccount)

    def of(self, user_id: str) -> GmailAccount | None:
        return self.get({"userId": user_id})


class OAuthStates(Repository[OAuthState]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, OAuthState)


class ProcessedMessages(Repository[ProcessedMessage]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, ProcessedMessage)

    def find(self, user_id: str, message_id: str) -> ProcessedMessage | None:
        return self.get({"userId": user_id, "messageId": message_id})
