"""Connecting a Gmail account: the OAuth state, the encrypted token, status and disconnection."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from core.clock import iso, parse_iso, utcnow
from core.crypto.tokens import TokenCipher
from core.errors import Conflict, InvalidInput, NotConfigured, NotFound
from core.gmail.ports import SCOPE, AuthorizationFailed, GmailError, GmailGateway, Grant
from core.logs import get_logger
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.tasks.lanes import UserLimits, open_runs_of, submit
from core.tasks.queue import TaskQueue
from core.tasks.repository import TaskRun
from core.tasks.runs import enqueue

log = get_logger(__name__)

ACCOUNTS = "GmailAccounts"
STATES = "OAuthStates"
PROCESSED = "ProcessedMessages"
STATE_TTL = timedelta(minutes=10)
SCAN_TASK = "gmail.scan"


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
    store.put(
        STATES,
        {
            "state": state,
            "userId": user_id,
            "codeVerifier": cipher.encrypt(verifier),
            "createdAt": iso(now),
            "expiresAt": iso(now + STATE_TTL),
        },
        if_not_exists=True,
    )
    return url


def _drop_expired_states(store: Store, user_id: str, now: datetime) -> None:
    for row in store.query(STATES, user_id, index="UserIdIndex"):
        if row["expiresAt"] < iso(now):
            store.delete(STATES, {"state": row["state"]})


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
) -> dict[str, Any]:
    """Complete the OAuth callback: check and consume the state, exchange the code, store the
    refresh token encrypted, and enqueue the first scan. Returns the account's status."""
    now = now or utcnow()
    if not state:
        raise _invalid_state(
            "Google sent you back without the connection details. Press Connect Gmail to try again."
        )
    row = store.get(STATES, {"state": state})
    if row is None:
        raise _invalid_state(_USED_LINK)
    if caller_user_id is not None and row["userId"] != caller_user_id:
        raise _invalid_state("this connection was started by another user")
    # Deleting is the single use: of two callbacks racing with one state only one deletes it.
    if not store.delete(STATES, {"state": state}):
        raise _invalid_state(_USED_LINK)
    if parse_iso(row["expiresAt"]) < now:
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
    user_id = str(row["userId"])
    try:
        grant = gateway.exchange_code(code, cipher.decrypt(row["codeVerifier"]))
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
    replaced: list[dict[str, Any] | None] = [None]

    def connect(previous: dict[str, Any] | None) -> dict[str, Any]:
        # Run again when a scan finishing right now updated the old account row.
        replaced[0] = previous
        return _connected_account(user_id, grant, cipher, previous, now)

    try:
        store.update(ACCOUNTS, {"userId": user_id}, connect)
    except ConditionFailed:
        raise Conflict("the Gmail account is busy; try connecting again") from None
    previous = replaced[0]
    if previous is not None and previous.get("email") != grant.email:
        _forget_processed(store, user_id)
    log.info("gmail_connected", user_id=user_id)
    run = enqueue(store, queue, user_id=user_id, kind=SCAN_TASK, params={"userId": user_id})
    return {**account_status(store, user_id), "scanTaskId": run.task_id}


def _connected_account(
    user_id: str,
    grant: Grant,
    cipher: TokenCipher,
    previous: dict[str, Any] | None,
    now: datetime,
) -> dict[str, Any]:
    same_mailbox = previous is not None and previous.get("email") == grant.email
    kept = previous if same_mailbox and previous is not None else {}
    return {
        "userId": user_id,
        "email": grant.email,
        "status": "connected",
        "refreshTokenEncrypted": cipher.encrypt(grant.refresh_token),
        "scopes": list(grant.scopes) or [SCOPE],
        "connectedAt": iso(now),
        # A reconnection starts with a full scan; messages seen before are skipped.
        "historyId": None,
        "lastScanAt": kept.get("lastScanAt"),
        "lastError": None,
        "disconnectedReason": None,
        "counts": kept.get("counts") or {"messagesScanned": 0, "interviewsFound": 0, "scans": 0},
    }


def account_status(store: Store, user_id: str) -> dict[str, Any]:
    account = store.get(ACCOUNTS, {"userId": user_id})
    if account is None:
        return {
            "connected": False,
            "status": "not_connected",
            "email": None,
            "connectedAt": None,
            "lastScanAt": None,
            "lastError": None,
            "disconnectedReason": None,
            "counts": {"messagesScanned": 0, "interviewsFound": 0, "scans": 0},
        }
    return {
        "connected": account["status"] == "connected",
        "status": account["status"],
        "email": account.get("email"),
        "connectedAt": account.get("connectedAt"),
        "lastScanAt": account.get("lastScanAt"),
        "lastError": account.get("lastError"),
        "disconnectedReason": account.get("disconnectedReason"),
        "counts": account.get("counts") or {},
        "scanTaskId": _open_scan(store, user_id),
    }


def _open_scan(store: Store, user_id: str) -> str | None:
    """The scan still queued or running for this account, so a page can follow it."""
    runs = [r for r in open_runs_of(store, user_id) if r.kind == SCAN_TASK]
    return max(runs, key=lambda r: r.opened_at or "").task_id if runs else None


def request_scan(store: Store, queue: TaskQueue, user_id: str, limits: UserLimits) -> TaskRun:
    """A scan the person asked for now (within their limits of open background work)."""
    account = store.get(ACCOUNTS, {"userId": user_id})
    if account is None:
        raise NotFound("Gmail is not connected", code="gmail_not_connected")
    if account["status"] != "connected":
        raise Conflict(
            f"Gmail is disconnected ({account.get('disconnectedReason') or 'reconnect it'})",
            code="gmail_disconnected",
        )
    return submit(store, queue, limits, user_id=user_id, kind=SCAN_TASK, params={"userId": user_id})


def disconnect(
    store: Store, cipher: TokenCipher, gateway: GmailGateway, user_id: str
) -> dict[str, Any]:
    """Revoke the token at Google (best effort), then forget the token and the scan state.
    Interviews and applications found so far stay."""
    account = store.get(ACCOUNTS, {"userId": user_id})
    if account is None:
        raise NotFound("Gmail is not connected", code="gmail_not_connected")
    revoked = False
    encrypted = account.get("refreshTokenEncrypted")
    if encrypted:
        try:
            gateway.revoke(cipher.decrypt(encrypted))
            revoked = True
        except Exception as exc:  # the local data goes regardless
            log.warning("gmail_revoke_failed", user_id=user_id, error=type(exc).__name__)
    store.delete(ACCOUNTS, {"userId": user_id})
    _forget_processed(store, user_id)
    log.info("gmail_disconnected", user_id=user_id, revoked=revoked)
    return {"disconnected": True, "revokedAtGoogle": revoked}


def _forget_processed(store: Store, user_id: str) -> None:
    for row in store.query(PROCESSED, user_id):
        store.delete(PROCESSED, {"userId": user_id, "messageId": row["messageId"]})


def update_account(
    store: Store, user_id: str, changes: Mapping[str, Any], *, only_if_connected: bool = True
) -> dict[str, Any] | None:
    """Optimistic update; None when the account is gone (or no longer connected)."""

    def change(account: dict[str, Any] | None) -> dict[str, Any] | None:
        if account is None or (only_if_connected and account["status"] != "connected"):
            return None
        return {**account, **changes}

    return store.update(ACCOUNTS, {"userId": user_id}, change)


def mark_disconnected(store: Store, user_id: str, reason: str) -> None:
    """Stop scanning an account whose token Google refuses; the token is dropped."""
    update_account(
        store,
        user_id,
        {
            "status": "disconnected",
            "disconnectedReason": reason,
            "disconnectedAt": iso(),
            "refreshTokenEncrypted": None,
            "lastError": reason,
        },
    )
    log.warning("gmail_account_disconnected", user_id=user_id, reason=reason)


def connected_user_ids(store: Store) -> list[str]:
    return [a["userId"] for a in store.scan(ACCOUNTS) if a.get("status") == "connected"]
