"""Scanning one Gmail account for interview emails.

The first scan lists the last 30 days (without promotions, social mail, sent mail, drafts and
chats); later scans read
users.history.list from the stored historyId, and an expired historyId (404) falls back to the
same bounded listing. Messages are handled once each: a ProcessedMessages row, written after a
message's effects, makes a second delivery (or a rerun after a crash) skip it, and the effects
themselves are keyed by message id. The new historyId is stored only once every listed message
is handled, so a scan that stops half-way (crash, time budget) is picked up by the next one.

A per-account lock keeps two scans of one account from overlapping.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from core.clock import iso
from core.crypto.tokens import TokenCipher, TokenDecryptError
from core.email.message import EmailRef, InvalidEmail, parse_email
from core.gmail.accounts import (
    connected_user_ids,
    enqueue_scan,
    mark_disconnected,
    update_account,
)
from core.gmail.ports import (
    AuthRevoked,
    FetchedMessage,
    GmailError,
    GmailGateway,
    GmailUnavailable,
    HistoryExpired,
    Mailbox,
    MessageRef,
    RateLimited,
    ScanLock,
)
from core.gmail.quota import QuotaPacer
from core.gmail.repository import (
    GmailAccount,
    GmailAccounts,
    MessageOutcome,
    ProcessedMessage,
    ProcessedMessages,
    ScanCounts,
)
from core.logs import get_logger
from core.progress import Progress, no_progress
from core.storage.port import ConditionFailed, Store
from core.tasks.errors import TransientError
from core.tasks.queue import TaskQueue
from core.tracker.inbox import Reader, handle_email

log = get_logger(__name__)

# The user's own sent mail, drafts and chats are never invitations to them: left out of the
# listing, so they are not even fetched.
FULL_SCAN_QUERY = (
    "newer_than:30d -category:promotions -category:social -in:sent -in:drafts -in:chats"
)
MAX_FULL_SCAN_MESSAGES = 10_000
FETCH_BATCH = 50  # Gmail's advice for batch requests
QUERY_PROCESSED_ABOVE = 200
# Mail that is not a message to the user: their own drafts and sent mail, spam and trash.
_SKIP_LABELS = frozenset({"SENT", "DRAFT", "SPAM", "TRASH", "CHAT"})


@dataclass
class ScanResult:
    mode: str = ""  # full, incremental, resync
    listed: int = 0
    processed: int = 0
    skipped: int = 0  # already processed earlier
    interviews: int = 0  # interviews found or changed (each counted once)
    new_interviews: int = 0
    updated_interviews: int = 0
    needs_review: int = 0
    applications_moved: int = 0
    complete: bool = True
    status: str = "ok"  # ok, skipped, disconnected
    reason: str | None = None
    history_id: str | None = None
    interview_ids: list[str] = field(default_factory=list)
    application_ids: set[str] = field(default_factory=set)

    def to_json(self) -> dict[str, str | int | bool | None]:
        return {
            "status": self.status,
            "reason": self.reason,
            "mode": self.mode,
            "listed": self.listed,
            "processed": self.processed,
            "alreadyProcessed": self.skipped,
            "interviews": self.interviews,
            "newInterviews": self.new_interviews,
            "updatedInterviews": self.updated_interviews,
            "needsReview": self.needs_review,
            "applicationsMoved": self.applications_moved,
            "complete": self.complete,
        }


def scan_account(
    store: Store,
    gateway: GmailGateway,
    cipher: TokenCipher,
    lock: ScanLock,
    user_id: str,
    *,
    reader: Reader | None = None,
    deadline: float | None = None,
    max_messages: int = MAX_FULL_SCAN_MESSAGES,
    progress: Progress = no_progress,
    quota: QuotaPacer | None = None,
) -> ScanResult:
    """Scan one account. `deadline` (a time.monotonic() value) stops the scan early with
    `complete=False`; the caller schedules the rest. Throttling and outages raise
    `TransientError`; a refused refresh token disconnects the account."""
    account = GmailAccounts(store).of(user_id)
    if account is None or not account.connected:
        return ScanResult(status="skipped", reason="Gmail is not connected")
    if not lock.acquire():
        return ScanResult(status="skipped", reason="another scan of this account is running")
    try:
        return _scan(
            store, gateway, cipher, lock, account, reader or Reader(), deadline,
            max_messages, progress, quota,
        )  # fmt: skip
    finally:
        lock.release()


def _scan(
    store: Store,
    gateway: GmailGateway,
    cipher: TokenCipher,
    lock: ScanLock,
    account: GmailAccount,
    reader: Reader,
    deadline: float | None,
    max_messages: int,
    progress: Progress,
    quota: QuotaPacer | None,
) -> ScanResult:
    user_id = account.user_id
    result = ScanResult()
    try:
        if account.refresh_token_encrypted is None:
            raise TokenDecryptError("no token saved")
        token = cipher.decrypt(account.refresh_token_encrypted)
    except TokenDecryptError:
        reason = (
            "The saved Gmail access can no longer be read on this server. Connect Gmail again "
            "to keep finding interviews."
        )
        mark_disconnected(store, user_id, reason)
        return ScanResult(status="disconnected", reason=reason)
    mailbox = gateway.mailbox(token, quota=quota)
    try:
        progress("listing", None)
        refs, history_id, result.mode = _list(mailbox, account.history_id, max_messages)
        result.listed = len(refs)
        result.history_id = history_id
        done = _processed_ids(store, user_id, refs)
        pending = [ref for ref in refs if ref.id not in done]
        result.skipped = len(refs) - len(pending)
        handled = 0
        chunks = list(_chunks(pending, FETCH_BATCH))
        # The next batch is fetched while this one is read, in one thread that alone uses the
        # mailbox's connection: a paced scan then waits on the quota, not on its own parsing.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gmail-fetch") as fetcher:
            ahead = fetcher.submit(_fetch, mailbox, chunks[0]) if chunks else None
            for n, chunk in enumerate(chunks):
                assert ahead is not None
                fetched = ahead.result()
                late = deadline is not None and time.monotonic() > deadline
                if n + 1 < len(chunks) and not late:
                    ahead = fetcher.submit(_fetch, mailbox, chunks[n + 1])
                if not _still_connected(store, user_id) or not lock.refresh():
                    result.complete = False
                    result.status = "skipped"
                    result.reason = "the account changed during the scan"
                    return result
                _handle(store, chunk, fetched, user_id, reader, result)
                handled += len(chunk)
                progress("reading messages", min(99, round(100 * handled / len(pending))))
                if late and handled < len(pending):
                    result.complete = False
                    break
    except AuthRevoked as exc:
        log.info("gmail_auth_revoked", user_id=user_id, error=str(exc)[:120])
        reason = (
            "Google no longer accepts Career Agent's access to this inbox (it was revoked, or "
            "it expired). Connect Gmail again to keep finding interviews."
        )
        mark_disconnected(store, user_id, reason)
        return ScanResult(status="disconnected", reason=reason, mode=result.mode)
    except RateLimited as exc:
        _record_error(store, user_id, "Gmail is rate-limiting the scan; it will be retried")
        raise TransientError(f"gmail rate limited: {exc}", retry_after=exc.retry_after) from exc
    except GmailUnavailable as exc:
        _record_error(store, user_id, "Gmail did not answer; the scan will be retried")
        raise TransientError(f"gmail unavailable: {exc}") from exc
    except GmailError as exc:
        _record_error(store, user_id, f"Gmail error: {exc}")
        raise
    _finish(store, user_id, result)
    return result


def _list(
    mailbox: Mailbox, history_id: str | None, max_messages: int
) -> tuple[list[MessageRef], str, str]:
    if history_id:
        try:
            refs, new_id = _history(mailbox, history_id)
            return refs, new_id, "incremental"
        except HistoryExpired:
            log.info("gmail_history_expired")
            refs, new_id = _full(mailbox, max_messages)
            return refs, new_id, "resync"
    refs, new_id = _full(mailbox, max_messages)
    return refs, new_id, "full"


def _full(mailbox: Mailbox, max_messages: int) -> tuple[list[MessageRef], str]:
    # The historyId is read before listing: mail arriving during the listing is then seen by
    # the next incremental scan instead of falling between the two.
    history_id = mailbox.profile().history_id
    refs: list[MessageRef] = []
    token: str | None = None
    while True:
        page, token = mailbox.list_messages(FULL_SCAN_QUERY, token)
        refs.extend(page)
        if not token or len(refs) >= max_messages:
            break
    # Gmail lists newest first; an invitation must be seen before its reschedule.
    return list(reversed(_dedupe(refs)[:max_messages])), history_id


def _history(mailbox: Mailbox, start: str) -> tuple[list[MessageRef], str]:
    refs: list[MessageRef] = []
    token: str | None = None
    latest = start
    while True:
        page, token, latest = mailbox.list_history(start, token)
        refs.extend(page)
        if not token:
            break
    return _dedupe(refs), latest


def _processed_ids(store: Store, user_id: str, refs: list[MessageRef]) -> set[str]:
    """Which listed messages were handled before. A long listing (a first scan picked up by
    its next run) reads the user's rows in one query rather than one read per message: for
    10,000 messages, seconds of each run's time budget that the quota would go unused."""
    processed = ProcessedMessages(store)
    if len(refs) > QUERY_PROCESSED_ABOVE:
        wanted = {ref.id for ref in refs}
        return {row.message_id for row in processed.query(user_id) if row.message_id in wanted}
    return {ref.id for ref in refs if processed.find(user_id, ref.id) is not None}


def _dedupe(refs: list[MessageRef]) -> list[MessageRef]:
    seen: set[str] = set()
    out: list[MessageRef] = []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out


def _chunks(items: list[MessageRef], size: int) -> Iterator[list[MessageRef]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _fetch(mailbox: Mailbox, chunk: list[MessageRef]) -> dict[str, FetchedMessage]:
    wanted = [r.id for r in chunk if not _SKIP_LABELS.intersection(r.label_ids)]
    return {m.id: m for m in mailbox.fetch_raw(wanted)} if wanted else {}


def _handle(
    store: Store,
    chunk: list[MessageRef],
    fetched: dict[str, FetchedMessage],
    user_id: str,
    reader: Reader,
    result: ScanResult,
) -> None:
    arrival = {ref.id: n for n, ref in enumerate(chunk)}
    ordered = sorted(
        chunk,
        key=lambda r: (fetched[r.id].internal_date_ms if r.id in fetched else 0, arrival[r.id]),
    )
    for ref in ordered:
        message = fetched.get(ref.id)
        labels = set(ref.label_ids) | set(message.label_ids if message else ())
        outcome = MessageOutcome()
        if message is not None and message.raw is not None and not _SKIP_LABELS & labels:
            outcome = _detect_and_record(store, user_id, ref, message.raw, reader)
        _count(result, outcome)
        thread_id = ref.thread_id or (message.thread_id if message else None)
        _mark_processed(store, user_id, ref.id, thread_id, outcome)
        result.processed += 1


def _mark_processed(
    store: Store,
    user_id: str,
    message_id: str,
    thread_id: str | None,
    outcome: MessageOutcome,
    *,
    import_id: str | None = None,
) -> None:
    row = ProcessedMessage(
        **outcome.model_dump(),
        user_id=user_id,
        message_id=message_id,
        thread_id=thread_id,
        processed_at=iso(),
        import_id=import_id,
    )
    # Another delivery of this scan may have recorded it first, with the same effects.
    with contextlib.suppress(ConditionFailed):
        ProcessedMessages(store).put(row, if_not_exists=True)


def process_message(
    store: Store,
    user_id: str,
    ref: MessageRef,
    raw: bytes,
    reader: Reader,
    *,
    import_id: str | None = None,
) -> MessageOutcome:
    """What a scan does with one message, for messages that come from elsewhere (an
    import): detection, its effects on interviews, then the ProcessedMessages row that makes a
    second pass skip it. Returns the outcome recorded in that row."""
    outcome = _detect_and_record(store, user_id, ref, raw, reader)
    _mark_processed(store, user_id, ref.id, ref.thread_id, outcome, import_id=import_id)
    return outcome


def _detect_and_record(
    store: Store, user_id: str, ref: MessageRef, raw: bytes, reader: Reader
) -> MessageOutcome:
    try:
        msg = parse_email(raw)
        outcome = handle_email(store, user_id, msg, EmailRef.of(msg, ref.id, ref.thread_id), reader)
    except InvalidEmail:
        return MessageOutcome(error="not an email message")
    except Exception as exc:  # one odd message must not stop the scan of a mailbox
        log.warning("gmail_message_failed", message_id=ref.id, error=type(exc).__name__)
        return MessageOutcome(error=type(exc).__name__)
    return MessageOutcome.model_validate(outcome, from_attributes=True)


def _count(result: ScanResult, outcome: MessageOutcome) -> None:
    interview_id = outcome.interview_id
    if interview_id and outcome.interview_changed and interview_id not in result.interview_ids:
        result.interview_ids.append(interview_id)
        result.interviews += 1
        if outcome.interview_created:
            result.new_interviews += 1
        else:
            result.updated_interviews += 1
    if outcome.action == "review":
        result.needs_review += 1
    # Applications, not moves: an invitation and then an offer move one application.
    result.application_ids.update(outcome.application_ids)
    result.applications_moved = len(result.application_ids)


def _still_connected(store: Store, user_id: str) -> bool:
    account = GmailAccounts(store).of(user_id)
    return account is not None and account.connected


def _record_error(store: Store, user_id: str, message: str) -> None:
    update_account(
        store,
        user_id,
        lambda account: account.model_copy(update={"last_error": message, "last_error_at": iso()}),
    )


def _finish(store: Store, user_id: str, result: ScanResult) -> None:
    def finish(account: GmailAccount) -> GmailAccount:
        counts = account.counts
        changes: dict[str, object] = {
            "counts": ScanCounts(
                messages_scanned=counts.messages_scanned + result.processed,
                interviews_found=counts.interviews_found + result.new_interviews,
                needs_review=counts.needs_review + result.needs_review,
                scans=counts.scans + (1 if result.complete else 0),
            ),
            "last_error": None,
        }
        if result.complete:
            changes.update(
                history_id=result.history_id, last_scan_at=iso(), last_scan_mode=result.mode
            )
        return account.model_copy(update=changes)

    update_account(store, user_id, finish)


def fan_out(store: Store, queue: TaskQueue) -> dict[str, int]:
    """Enqueue one scan per connected account (the periodic schedule calls this)."""
    enqueued = 0
    failed = 0
    for user_id in connected_user_ids(store):
        try:
            enqueue_scan(store, queue, user_id)
            enqueued += 1
        except Exception as exc:
            failed += 1
            log.warning("gmail_scan_enqueue_failed", user_id=user_id, error=type(exc).__name__)
    return {"enqueued": enqueued, "failed": failed}
