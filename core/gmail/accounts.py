"""Connecting a Gmail account: the OAuth state, the encrypted token, status and disconnection."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import iso, parse_iso, utcnow
from core.crypto.tokens import TokenCipher
from core.errors import Conflict, InvalidInput, NotConfigured, NotFound
from core.gmail.ports import SCOPE, AuthorizationFailed, GmailError, GmailGateway, Grant
from core.gmail.repository import (
    GmailAccount,
    GmailAccounts,
    OAuthState,
    OAuthStates,
    ProcessedMessages,
    ScanCounts,
)
from core.logs import get_logger
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.tasks.lanes import UserLimits, open_runs_of, submit
from core.tasks.queue import TaskQueue
from core.tasks.repository import TaskParams, TaskRun
from core.tasks.runs import enqueue

log = get_logger(__name__)

STATE_TTL = timedelta(minutes=10)
SCAN_TASK = "gmail.scan"


class ScanParams(TaskParams):
    user_id: str


def require_configured(settings: Settings) -> None:
    if not (settings.google_client_id and settings.google_client_secret):
        raise NotConfigured(
            "Gmail is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET "
            "(see docs/gmail.md)",
            code="gmail_not_configured",
        )


def start_connect(
    store: Store,
    cipher: TokenCipher,
    gateway: GmailGateway,
    user_id: str,
    *,
    now: datetime | None = None,
) -> str:
    """A Google authorization URL whose `state` is bound to the user, single-use and valid for
    ten minutes. The PKCE verifier stays with the state, encrypted."""
    now = now or utcnow()
    _drop_expired_states(store, user_id, now)
    state = secrets.token_urlsafe(32)
    url, verifier = gateway.authorization_url(state)
    OAuthStates(store).put(
        OAuthState(
            state=state,
            user_id=user_id,
            code_verifier=cipher.encrypt(verifier),
            created_at=iso(now),
            expires_at=iso(now + STATE_TTL),
        ),
        if_not_exists=True,
    )
    return url


def _drop_expired_states(store: Store, user_id: str, now: datetime) -> None:
    states = OAuthStates(store)
    for row in states.query(user_id, index="UserIdIndex"):
        if row.expires_at < iso(now):
            states.delete(row.item_key())


# The words people see: what happened, then what to do next.
_USED_LINK = (
    "This Gmail connection link was already used or is not valid any more. Press Connect Gmail "
    "to start again."
)


def _invalid_state(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_state")


def finish_connect(
    store: Store,
    cipher: TokenCipher,
    gateway: GmailGateway,
    queue: TaskQueue,
    *,
    state: str | None,
    code: str | None,
    error: str | None = None,
    caller_user_id: str | None = None,
    now: datetime | None = None,
) -> AccountStatus:
    """Complete the OAuth callback: check and consume the state, exchange the code, store the
    refresh token encrypted, and enqueue the first scan. Returns the account's status."""
    now = now or utcnow()
    if not state:
        raise _invalid_state(
            "Google sent you back without the connection details. Press Connect Gmail to try again."
        )
    states = OAuthStates(store)
    row = states.get({"state": state})
    if row is None:
        raise _invalid_state(_USED_LINK)
    if caller_user_id is not None and row.user_id != caller_user_id:
        raise _invalid_state("this connection was started by another user")
    # Deleting is the single use: of two callbacks racing with one state only one deletes it.
    if not states.delete(row.item_key()):
        raise _invalid_state(_USED_LINK)
    if parse_iso(row.expires_at) < now:
        raise _invalid_state(
            "The connection took longer than 10 minutes and expired. Press Connect Gmail to start "
            "again."
        )
    if error:
        raise InvalidInput(
            "Google did not give Career Agent access to Gmail (the consent was cancelled or "
            "refused). Press Connect Gmail and allow read access to try again.",
            code="access_denied",
            details={"googleError": error[:60]},
        )
    if not code:
        raise InvalidInput("the callback has no authorization code", code="invalid_callback")
    user_id = row.user_id
    try:
        grant = gateway.exchange_code(code, cipher.decrypt(row.code_verifier))
    except AuthorizationFailed as exc:
        raise InvalidInput(str(exc), code="authorization_failed") from exc
    except GmailError as exc:
        raise InvalidInput(
            f"Google could not complete the connection: {exc}", code="authorization_failed"
        ) from exc
    if grant.scopes and SCOPE not in grant.scopes:
        gateway.revoke(grant.refresh_token)
        raise InvalidInput(
            "read access to Gmail was not granted; tick the Gmail box on Google's consent page",
            code="scope_not_granted",
        )
    replaced: list[GmailAccount | None] = [None]

    def connect(previous: GmailAccount | None) -> GmailAccount:
        # Run again when a scan finishing right now updated the old account row.
        replaced[0] = previous
        return _connected_account(user_id, grant, cipher, previous, now)

    try:
        GmailAccounts(store).update({"userId": user_id}, connect)
    except ConditionFailed:
        raise Conflict("the Gmail account is busy; try connecting again") from None
    previous = replaced[0]
    if previous is not None and previous.email != grant.email:
        _forget_processed(store, user_id)
    log.info("gmail_connected", user_id=user_id)
    run = enqueue_scan(store, queue, user_id)
    return AccountStatus(GmailAccounts(store).of(user_id), run.task_id)


def _connected_account(
    user_id: str,
    grant: Grant,
    cipher: TokenCipher,
    previous: GmailAccount | None,
    now: datetime,
) -> GmailAccount:
    kept = previous if previous is not None and previous.email == grant.email else None
    return GmailAccount(
        user_id=user_id,
        email=grant.email,
        status="connected",
        refresh_token_encrypted=cipher.encrypt(grant.refresh_token),
        scopes=list(grant.scopes) or [SCOPE],
        connected_at=iso(now),
        # A reconnection starts with a full scan; messages seen before are skipped.
        history_id=None,
        last_scan_at=kept.last_scan_at if kept else None,
        counts=kept.counts if kept else ScanCounts(),
    )


@dataclass(frozen=True)
class AccountStatus:
    """An account as its owner sees it (GET /api/gmail/status)."""

    account: GmailAccount | None
    scan_task_id: str | None = None


def account_status(store: Store, user_id: str) -> AccountStatus:
    account = GmailAccounts(store).of(user_id)
    if account is None:
        return AccountStatus(None)
    return AccountStatus(account, _open_scan(store, user_id))


def _open_scan(store: Store, user_id: str) -> str | None:
    """The scan still queued or running for this account, so a page can follow it."""
    runs = [r for r in open_runs_of(store, user_id) if r.kind == SCAN_TASK]
    return max(runs, key=lambda r: r.opened_at or "").task_id if runs else None


def enqueue_scan(store: Store, queue: TaskQueue, user_id: str) -> TaskRun:
    """Record and send a scan the system starts (after connecting, on the schedule)."""
    return enqueue(
        store, queue, user_id=user_id, kind=SCAN_TASK, params=ScanParams(user_id=user_id).to_json()
    )


def request_scan(store: Store, queue: TaskQueue, user_id: str, limits: UserLimits) -> TaskRun:
    """A scan the person asked for now (within their limits of open background work)."""
    account = GmailAccounts(store).of(user_id)
    if account is None:
        raise NotFound("Gmail is not connected", code="gmail_not_connected")
    if not account.connected:
        raise Conflict(
            f"Gmail is disconnected ({account.disconnected_reason or 'reconnect it'})",
            code="gmail_disconnected",
        )
    return submit(
        store,
        queue,
        limits,
        user_id=user_id,
        kind=SCAN_TASK,
        params=ScanParams(user_id=user_id).to_json(),
    )


def disconnect(store: Store, cipher: TokenCipher, gateway: GmailGateway, user_id: str) -> bool:
    """Revoke the token at Google (best effort), then forget the token and the scan state.
    Interviews and applications found so far stay. True when Google revoked the token."""
    accounts = GmailAccounts(store)
    account = accounts.of(user_id)
    if account is None:
        raise NotFound("Gmail is not connected", code="gmail_not_connected")
    revoked = False
    encrypted = account.refresh_token_encrypted
    if encrypted:
        try:
            gateway.revoke(cipher.decrypt(encrypted))
            revoked = True
        except Exception as exc:  # the local data goes regardless
            log.warning("gmail_revoke_failed", user_id=user_id, error=type(exc).__name__)
    accounts.delete(account.item_key())
    _forget_processed(store, user_id)
    log.info("gmail_disconnected", user_id=user_id, revoked=revoked)
    return revoked


def _forget_processed(store: Store, user_id: str) -> None:
    processed = ProcessedMessages(store)
    for row in processed.query(user_id):
        processed.delete(row.item_key())


def update_account(
    store: Store, user_id: str, change: Callable[[GmailAccount], GmailAccount]
) -> GmailAccount | None:
    """Optimistic update of a connected account; None when it is gone or disconnected."""

    def connected_only(account: GmailAccount | None) -> GmailAccount | None:
        if account is None or not account.connected:
            return None
        return change(account)

    return GmailAccounts(store).update({"userId": user_id}, connected_only)


def mark_disconnected(store: Store, user_id: str, reason: str) -> None:
    """Stop scanning an account whose token Google refuses; the token is dropped."""
    update_account(
        store,
        user_id,
        lambda account: account.model_copy(
            update={
                "status": "disconnected",
                "disconnected_reason": reason,
                "disconnected_at": iso(),
                "refresh_token_encrypted": None,
                "last_error": reason,
            }
        ),
    )
    log.warning("gmail_account_disconnected", user_id=user_id, reason=reason)


def connected_user_ids(store: Store) -> list[str]:
    return [a.user_id for a in GmailAccounts(store).scan() if a.connected]
